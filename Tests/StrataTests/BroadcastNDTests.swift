@testable import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// Broadcasting binary ops at every rank 0-8 against `Reference`: random ranks and
/// broadcast patterns (scalars, empty axes), shapes that keep more than four loops after
/// merging, the merged loop nests of the fast paths, and both graph runners.
@Suite struct BroadcastNDTests {
    static let seed: UInt64 = 20_261_129

    /// The fast kernel of `kind` on plain arrays.
    static func kernel(_ kind: BinaryOp.Kind, _ a: [Float], _ aShape: [Int], _ b: [Float], _ bShape: [Int], workers: Int) throws -> [Float] {
        let (sa, sb) = (try Shape(aShape), try Shape(bShape))
        let count = try broadcastShape(sa, sb).elementCount
        return withPointers([a, b]) { p in
            kernelOutput(count: count) { y in
                switch kind {
                case .add: add(p[0], shape: sa, p[1], shape: sb, into: y, workers: workers)
                case .sub: sub(p[0], shape: sa, p[1], shape: sb, into: y, workers: workers)
                case .mul: mul(p[0], shape: sa, p[1], shape: sb, into: y, workers: workers)
                case .div: div(p[0], shape: sa, p[1], shape: sb, into: y, workers: workers)
                case .prelu: prelu(p[0], shape: sa, slope: p[1], shape: sb, into: y, workers: workers)
                default: kind.apply(p[0], p[1], y, loops: BroadcastLoops(sa, sb), workers: workers)
                }
            }
        }
    }

    /// The reference table's `kind` on plain arrays.
    static func reference(_ kind: BinaryOp.Kind, _ a: [Float], _ aShape: [Int], _ b: [Float], _ bShape: [Int]) throws -> [Float] {
        try referenceOutput(of: BinaryOp(kind), inputs: [Tensor(shape: aShape, values: a), Tensor(shape: bShape, values: b)]).scalars
    }

    /// Operand values: `a` around 0 (PRelu sees both signs), `b` away from 0 (Div).
    static func operands(_ aShape: [Int], _ bShape: [Int], using rng: inout SeededGenerator) -> ([Float], [Float]) {
        let a = randomFloats(aShape.reduce(1, *), using: &rng)
        let b = randomFloats(bShape.reduce(1, *), low: 0.5, high: 2, using: &rng).map { Bool.random(using: &rng) ? $0 : -$0 }
        return (a, b)
    }

    /// Every op and worker count on one pair of shapes; `label` names the case on failure.
    static func checkKernels(_ aShape: [Int], _ bShape: [Int], label: String, using rng: inout SeededGenerator) throws {
        let expectedShape = try #require(Reference.broadcastShape(aShape, bShape), "\(label): \(aShape) with \(bShape)")
        #expect(try broadcastShape(Shape(aShape), Shape(bShape)).dimensions == expectedShape, "\(label): \(aShape) with \(bShape)")
        let (a, b) = operands(aShape, bShape, using: &rng)
        // Pow needs positive bases here (BinaryOpKindsTests covers it with them).
        for kind in BinaryOp.Kind.allCases where kind != .pow {
            let expected = try reference(kind, a, aShape, b, bShape)
            for workers in [1, 2] {
                let actual = try kernel(kind, a, aShape, b, bShape, workers: workers)
                let comparison = try compare(actual, expected, shape: expectedShape)
                #expect(comparison.relativeError <= opTolerance,
                        "\(label): \(aShape) \(kind) \(bShape) workers \(workers): \(comparison)")
            }
        }
    }

    @Test func randomRanksAndPatternsMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<300 {
            let rank = Int.random(in: 0...8, using: &rng)
            var output = randomNDDimensions(rank: rank, using: &rng)
            if index % 20 == 3 && rank > 0 { output[Int.random(in: 0..<rank, using: &rng)] = 0 }   // an empty result
            // Each operand: some leading axes dropped (all of them: a scalar), some sizes 1.
            func operand() -> [Int] {
                let dropped = Int.random(in: 0...rank, using: &rng)
                return output[dropped...].map { Int.random(in: 0...2, using: &rng) == 0 ? 1 : $0 }
            }
            let (aShape, bShape) = (operand(), operand())
            try Self.checkKernels(aShape, bShape, label: "seed \(Self.seed) case \(index)", using: &rng)
        }
    }

    /// Shapes whose merged loop nests are known: the fast paths must still collapse to one
    /// or two loops, and alternating patterns keep one loop per axis (more than the old four).
    static let loopNests: [(aShape: [Int], bShape: [Int], loops: Int)] = [
        ([2, 13, 10, 51], [2, 13, 10, 51], 1),                       // equal shapes: one run
        ([1, 64, 32, 32], [1, 64, 1, 1], 2),                         // per channel, 2 threads
        ([3, 1, 5, 1, 2, 3, 1, 7], [3, 1, 5, 1, 2, 3, 1, 7], 1),     // equal at rank 8
        ([2, 3, 4, 5, 6], [], 1),                                    // a scalar operand
        ([], [], 1),                                                 // two scalars
        ([2, 1, 3, 1, 2, 1, 2], [1, 2, 1, 3, 1, 2, 1], 7),
        ([2, 1, 3, 1, 2, 1, 2, 1], [1, 2, 1, 3, 1, 2, 1, 3], 8),
        ([5, 1, 1, 4, 4], [1, 3, 3, 1, 1], 3),                       // pairs merge: loops of 16, 9 and 5
        ([2, 1, 3, 1, 5, 1, 3, 16], [1, 2, 1, 3, 1, 3, 1, 16], 8),
    ]

    @Test(arguments: loopNests.indices)
    func knownLoopNestsMatchReference(_ index: Int) throws {
        let (aShape, bShape, loops) = Self.loopNests[index]
        let merged = BroadcastLoops(try Shape(aShape), try Shape(bShape))
        #expect(merged.count == loops, "\(aShape) with \(bShape): \(merged.count) loops, expected \(loops)")
        var rng = SeededGenerator(seed: Self.seed &+ UInt64(index))
        try Self.checkKernels(aShape, bShape, label: "seed \(Self.seed &+ UInt64(index)) nest \(index)", using: &rng)
        try Self.checkKernels(bShape, aShape, label: "seed \(Self.seed &+ UInt64(index)) nest \(index) swapped", using: &rng)
    }

    @Test func scalarsByHand() throws {
        // 3 + 4 = 7 with both operands rank 0.
        #expect(try Self.kernel(.add, [3], [], [4], [], workers: 1) == [7])
        // [[1, 2, 3], [4, 5, 6]] − 1 (a scalar) and 10 / [[1, 2], [4, 5]].
        #expect(try Self.kernel(.sub, [1, 2, 3, 4, 5, 6], [2, 3], [1], [], workers: 1) == [0, 1, 2, 3, 4, 5])
        #expect(try Self.kernel(.div, [10], [], [1, 2, 4, 5], [2, 2], workers: 2) == [10, 5, 2.5, 2])
        // PRelu with a scalar slope 0.5: [-2, 3] → [-1, 3].
        #expect(try Self.kernel(.prelu, [-2, 3], [2], [0.5], [], workers: 1) == [-1, 3])
        #expect(try broadcastShape([], []) == [])
        #expect(try broadcastShape([], [1, 1]) == [1, 1])
    }

    @Test func emptyAxes() throws {
        #expect(try broadcastShape([0, 3], [1, 3]) == [0, 3])
        #expect(try broadcastShape([1], [2, 0]) == [2, 0])
        #expect(try broadcastShape([0], []) == [0])
        #expect(Reference.broadcastShape([0, 3], [1, 3]) == [0, 3])
        #expect(try Self.kernel(.mul, [], [0, 3], [1, 2, 3], [1, 3], workers: 2) == [])
        expectStrataError(.shapeMismatch, mentioning: ["[0]", "[2]", "0 and 2", "axis 0"]) { _ = try broadcastShape([0], [2]) }
        expectStrataError(.shapeMismatch, mentioning: ["[2, 0, 4]", "[3, 1]", "0 and 3", "axis 1"]) {
            _ = try broadcastShape([2, 0, 4], [3, 1])
        }
    }

    /// Random cases, and one that splits over threads, as one-node graphs with two inputs.
    @Test func graphRunnersMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        var cases: [([Int], [Int])] = [([2, 1, 5, 1, 7, 1, 3, 16], [1, 2, 1, 4, 1, 3, 1, 16]), ([], [3, 1, 2]), ([0, 2], [1, 2])]
        for _ in 0..<40 {
            let output = randomNDDimensions(rank: Int.random(in: 0...8, using: &rng), using: &rng)
            func operand() -> [Int] {
                output[Int.random(in: 0...output.count, using: &rng)...].map { Int.random(in: 0...2, using: &rng) == 0 ? 1 : $0 }
            }
            cases.append((operand(), operand()))
        }
        for (index, (aShape, bShape)) in cases.enumerated() {
            let kind = BinaryOp.Kind.allCases[index % BinaryOp.Kind.allCases.count]
            var (a, b) = Self.operands(aShape, bShape, using: &rng)
            if kind == .pow { a = a.map { abs($0) } }   // a negative base needs an integer exponent
            let (x, y) = (try Tensor(shape: aShape, values: a), try Tensor(shape: bShape, values: b))
            let expected = try Tensor(shape: Reference.broadcastShape(aShape, bShape)!, values: try Self.reference(kind, a, aShape, b, bShape))
            for workers in [1, 2] {
                let (runner, compiled) = try runThroughGraphs(BinaryOp(kind), [x, y], workers: workers)
                for (name, actual) in [("runner", runner), ("compiled", compiled)] {
                    let comparison = try actual.compared(with: expected)
                    #expect(comparison.relativeError <= opTolerance,
                            "seed \(Self.seed + 1) case \(index) \(name) \(aShape) \(kind) \(bShape) workers \(workers): \(comparison)")
                }
            }
        }
    }

    /// A rank-0 constant operand inside a compiled graph: `(x + 2) · x` for a rank-6 x.
    @Test func scalarConstantInACompiledGraph() throws {
        var rng = SeededGenerator(seed: Self.seed + 2)
        let shape = [2, 1, 3, 2, 1, 5]
        let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
        let two = try Tensor(shape: [], values: [2])
        let graph = try Graph(inputName: "x", inputShape: Shape(shape), nodes: [
            .init(name: "two", op: ConstantOp(two), inputs: []),
            .init(name: "shifted", op: BinaryOp(.add), inputs: ["x", "two"]),
            .init(name: "y", op: BinaryOp(.mul), inputs: ["shifted", "x"]),
        ], outputs: ["y"])
        let shifted = Reference.add(x.scalars, shape: shape, [2], shape: [])
        let expected = try Tensor(shape: shape, values: Reference.mul(shifted, shape: shape, x.scalars, shape: shape))
        for workers in [1, 2] {
            let comparison = try graph.compiled(workers: workers).run(x).output.compared(with: expected)
            #expect(comparison.relativeError <= opTolerance, "seed \(Self.seed + 2) workers \(workers): \(comparison)")
        }
    }
}
