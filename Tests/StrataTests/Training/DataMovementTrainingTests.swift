import Strata
import StrataReference
import Testing

/// Flatten, Identity, Concat, the binary ops and Softmax backward against finite
/// differences of the Double reference kernels, on random shapes.
@Suite struct DataMovementTrainingTests {
    static let seed: UInt64 = 20_261_132

    static func randomShape(_ rng: inout SeededGenerator, rank: Int) -> [Int] {
        (0..<rank).map { _ in rng.nextInt(1...4) }
    }

    static func values(_ count: Int, _ rng: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in rng.nextUniform(-1, 1) }
    }

    @Test func flattenAndIdentity() throws {
        var rng = SeededGenerator(seed: Self.seed)
        let dims = Self.randomShape(&rng, rank: 4)
        let x = Self.values(dims.reduce(1, *), &rng)
        for op in [FlattenOp() as any TrainableOp, IdentityOp(), IdentityOp(reshapingTo: try Shape([dims.reduce(1, *)]))] {
            try checkGradients(op, inputs: [x], shapes: [try Shape(dims)], seed: Self.seed, label: "\(op.opName) \(dims)") { x, _ in x[0] }
        }
    }

    @Test(arguments: 0..<12)
    func concatAnyAxis(index: Int) throws {
        let seed = Self.seed &+ UInt64(index)
        var rng = SeededGenerator(seed: seed)
        let rank = rng.nextInt(1...4)
        let axis = rng.nextInt(0...rank - 1)
        let base = Self.randomShape(&rng, rank: rank)
        let shapes: [[Int]] = (0..<rng.nextInt(1...3)).map { _ in
            var s = base
            s[axis] = rng.nextInt(0...3)
            return s
        }
        let inputs = shapes.map { Self.values($0.reduce(1, *), &rng) }
        // A negative axis half the time: the plan resolves it.
        let given = rng.next() % 2 == 0 ? axis : axis - rank
        try checkGradients(ConcatOp(axis: given), inputs: inputs, shapes: try shapes.map { try Shape($0) }, seed: seed,
                           label: "concat \(shapes) axis \(given)") { x, _ in Reference.concat(x, shapes: shapes, axis: axis) }
    }

    /// Same shapes, a per-channel `[1, C, 1, 1]` operand on either side, a `[C, 1, 1]` one, a scalar.
    @Test(arguments: ["Add", "Sub", "Mul", "Div"])
    func binaryWithBroadcasting(kind: String) throws {
        for index in 0..<5 {
            let seed = Self.seed &+ 100 &+ UInt64(index)
            var rng = SeededGenerator(seed: seed)
            let a = Self.randomShape(&rng, rank: 4)
            let c = a[1]
            let pairs: [([Int], [Int])] = [(a, a), (a, [1, c, 1, 1]), ([1, c, 1, 1], a), (a, [c, 1, 1]), (a, [])]
            let (aShape, bShape) = pairs[index]
            let x = Self.values(aShape.reduce(1, *), &rng)
            // Divisors kept away from 0: |b| in [0.5, 1.5].
            let y = (0..<bShape.reduce(1, *)).map { _ in
                kind == "Div" ? (rng.next() % 2 == 0 ? 1 : -1) * rng.nextUniform(0.5, 1.5) : rng.nextUniform(-1, 1)
            }
            try checkGradients(BinaryOp(BinaryOp.Kind(rawValue: kind)!), inputs: [x, y],
                               shapes: [try Shape(aShape), try Shape(bShape)], seed: seed,
                               label: "\(kind) \(aShape) with \(bShape)") { x, _ in
                Reference.binary(kind, x[0], shape: aShape, x[1], shape: bShape)!
            }
        }
    }

    /// Kinds without a backward say so when planned.
    @Test func otherBinaryKindsThrow() throws {
        let shape = try Shape([2, 3])
        #expect(throws: StrataError.self) { try BinaryOp(.pow).trainingPlan(inputs: [shape, shape], output: shape, workers: 1) }
        #expect(throws: StrataError.self) { try BinaryOp(.max).trainingPlan(inputs: [shape, shape], output: shape, workers: 1) }
    }

    @Test(arguments: 0..<10)
    func softmaxAnyAxis(index: Int) throws {
        let seed = Self.seed &+ 200 &+ UInt64(index)
        var rng = SeededGenerator(seed: seed)
        let rank = rng.nextInt(1...3)
        let dims = (0..<rank).map { _ in rng.nextInt(1...6) }
        let axis = rng.nextInt(0...rank - 1)
        let x = (0..<dims.reduce(1, *)).map { _ in rng.nextUniform(-3, 3) }
        try checkGradients(SoftmaxOp(axis: axis), inputs: [x], shapes: [try Shape(dims)], seed: seed,
                           label: "softmax \(dims) axis \(axis)") { x, _ in Reference.softmax(x[0], shape: dims, axis: axis) }
    }
}
