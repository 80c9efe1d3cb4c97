import Strata
import StrataReference
import Testing

/// Max and average pooling backward against finite differences of the Double reference
/// pooling, on random shapes and windows (padding, dilation, ceil mode, count_include_pad),
/// max pooling on distinct inputs so no window has a tie the step could flip.
@Suite struct PoolingTrainingTests {
    static let seed: UInt64 = 20_261_131

    /// A random pooling that the engine accepts, with explicit padding so the reference
    /// gets the same numbers.
    static func randomCase(_ kind: PoolKind, _ rng: inout SeededGenerator) -> PoolCase {
        while true {
            let kernel = Size2D(rng.nextInt(1...3), rng.nextInt(1...3))
            let padding = Padding2D(top: rng.nextInt(0...kernel.height / 2), left: rng.nextInt(0...kernel.width / 2),
                                    bottom: rng.nextInt(0...kernel.height / 2), right: rng.nextInt(0...kernel.width / 2))
            let poolCase = PoolCase(
                kind: kind, batch: rng.nextInt(1...2), channels: rng.nextInt(1...3), height: rng.nextInt(2...7),
                width: rng.nextInt(2...7), kernel: kernel, stride: Size2D(rng.nextInt(1...3), rng.nextInt(1...3)),
                dilation: Size2D(rng.nextInt(1...2), rng.nextInt(1...2)), padding: padding,
                ceilMode: rng.next() % 2 == 0, countIncludePad: kind == .average && rng.next() % 2 == 0)
            if (try? poolCase.configuration.outputShape(input: poolCase.inputShape)) != nil { return poolCase }
        }
    }

    @Test(arguments: 0..<24)
    func maxPoolGradient(index: Int) throws {
        let seed = Self.seed &+ UInt64(index)
        var rng = SeededGenerator(seed: seed)
        let poolCase = Self.randomCase(.max, &rng)
        let x = rng.nextDistinct(poolCase.inputShape.elementCount)
        let p = poolCase.reference
        try checkGradients(PoolOp(poolCase.configuration), inputs: [x], shapes: [poolCase.inputShape], seed: seed,
                           label: "\(poolCase)") { x, _ in Reference.maxPool2d(input: x[0], p) }
    }

    @Test(arguments: 0..<24)
    func averagePoolGradient(index: Int) throws {
        let seed = Self.seed &+ 100 &+ UInt64(index)
        var rng = SeededGenerator(seed: seed)
        let poolCase = Self.randomCase(.average, &rng)
        let x = (0..<poolCase.inputShape.elementCount).map { _ in rng.nextUniform(-1, 1) }
        let p = poolCase.reference
        try checkGradients(PoolOp(poolCase.configuration), inputs: [x], shapes: [poolCase.inputShape], seed: seed,
                           label: "\(poolCase)") { x, _ in Reference.avgPool2d(input: x[0], p) }
    }

    /// Ties go to the first maximum in the window (PyTorch), and eval mode runs the plain kernel.
    @Test func maxPoolTiesGoToFirst() throws {
        let op = PoolOp(.max(kernel: 2, stride: 2))
        let shape = try Shape([1, 1, 2, 4])
        let x: [Float] = [5, 5, 1, 2,
                          5, 3, 2, 2]
        let plan = try op.trainingPlan(inputs: [shape], output: op.outputShape(for: [shape]), workers: 1)
        let result = runTraining(plan, inputs: [x], outputCount: 2, outputGradient: [10, 20], initialInputGradients: [[Float](repeating: 1, count: 8)])
        #expect(result.output == [5, 2])
        #expect(result.inputGradients[0] == [11, 1, 1, 21,
                                             1, 1, 1, 1])
        let eval = runTraining(plan, inputs: [x], outputCount: 2, mode: .eval)
        #expect(eval.output == [5, 2])
    }

    @Test(arguments: [PoolKind.average, .max])
    func globalPoolGradient(kind: PoolKind) throws {
        for index in 0..<6 {
            let seed = Self.seed &+ 200 &+ UInt64(index) &+ (kind == .max ? 50 : 0)
            var rng = SeededGenerator(seed: seed)
            let (n, c, h, w) = (rng.nextInt(1...3), rng.nextInt(1...4), rng.nextInt(1...5), rng.nextInt(1...5))
            let count = n * c * h * w
            let x = kind == .max ? rng.nextDistinct(count) : (0..<count).map { _ in rng.nextUniform(-1, 1) }
            try checkGradients(GlobalPoolOp(kind: kind), inputs: [x], shapes: [try Shape([n, c, h, w])], seed: seed,
                               label: "global \(kind) [\(n), \(c), \(h), \(w)]") { x, _ in
                kind == .max
                    ? Reference.globalMaxPool(input: x[0], batch: n, channels: c, height: h, width: w)
                    : Reference.globalAveragePool(input: x[0], batch: n, channels: c, height: h, width: w)
            }
        }
    }
}

extension PoolCase {
    var inputShape: Shape { try! Shape([batch, channels, height, width]) }
}
