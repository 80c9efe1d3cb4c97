import Strata
import StrataReference
import Testing

/// Every differentiable activation's backward against central finite differences of the
/// Double reference (`Reference.activation`), on random lengths and inputs drawn away from
/// each function's kinks and jumps (within 0.02, far beyond the finite-difference step).
@Suite struct ActivationTrainingTests {
    static let seed: UInt64 = 20_261_130

    /// (activation, input range, kinks the inputs keep away from).
    static let cases: [(Activation, ClosedRange<Float>, [Float])] = [
        (.relu, -3...3, [0]),
        (.leakyReLU(alpha: 0.1), -3...3, [0]),
        (.clip(min: -1, max: 2), -3...3, [-1, 2]),
        (.relu6, -2...8, [0, 6]),
        (.sigmoid, -6...6, []),
        (.tanh, -4...4, []),
        (.gelu, -5...5, []),
        (.geluTanh, -5...5, []),
        (.silu, -6...6, []),
        (.hardSigmoid(alpha: 0.2, beta: 0.5), -4...4, [-2.5, 2.5]),
        (.pytorchHardSigmoid, -5...5, [-3, 3]),
        (.hardSwish, -5...5, [-3, 3]),
        (.erf, -3...3, []),
        (.softsign, -5...5, []),
        (.sqrt, 0.2...5, []),
        (.exp, -3...3, []),
        (.log, 0.2...5, []),
        (.abs, -3...3, [0]),
        (.neg, -3...3, []),
        (.reciprocal, -3...3, [0]),
        (.floor, -3...3, stride(from: Float(-3), through: 3, by: 1).map { $0 }),
        (.ceil, -3...3, stride(from: Float(-3), through: 3, by: 1).map { $0 }),
        (.round, -3...3, stride(from: Float(-2.5), through: 2.5, by: 1).map { $0 }),
        (.sign, -3...3, [0]),
        (.elu(alpha: 0.7), -4...3, [0]),
        (.selu(alpha: 1.67326319, gamma: 1.05070102), -4...3, [0]),
        (.celu(alpha: 1.3), -4...3, [0]),
        (.softplus, -8...8, []),
        (.mish, -6...6, []),
        (.thresholdedReLU(alpha: 0.5), -3...3, [0.5]),
        (.shrink(bias: 0.2, lambd: 0.5), -3...3, [-0.5, 0.5]),
    ]

    @Test(arguments: cases.indices)
    func gradientMatchesFiniteDifferences(index: Int) throws {
        let (activation, range, kinks) = Self.cases[index]
        let seed = Self.seed &+ UInt64(index)
        var rng = SeededGenerator(seed: seed)
        let count = rng.nextInt(1...67)
        let x = (0..<count).map { _ in rng.nextAvoiding(range.lowerBound, range.upperBound, kinks: kinks) }
        let (function, parameters) = activation.spelling
        try checkGradients(ActivationOp(activation), inputs: [x], shapes: [try Shape([count])], seed: seed,
                           label: "\(activation.name) count \(count)") { x, _ in
            Reference.activation(function, parameters: parameters, x[0])!
        }
    }

    /// The vector ReLU loop and its tail, with workers splitting a long run: every element
    /// of a pre-filled gradient gets dy where x > 0, nothing where x <= 0 (relu′(0) = 0, as PyTorch).
    @Test func reluLongRunAndZero() throws {
        let count = 70_003
        var rng = SeededGenerator(seed: Self.seed)
        var x = (0..<count).map { _ in rng.nextUniform(-1, 1) }
        x[5] = 0
        x[count - 1] = 0
        let dy = (0..<count).map { _ in rng.nextUniform(-1, 1) }
        let prefill = (0..<count).map { _ in rng.nextUniform(-1, 1) }
        let shape = try Shape([count])
        let plan = try ActivationOp(.relu).trainingPlan(inputs: [shape], output: shape, workers: 2)
        let result = runTraining(plan, inputs: [x], outputCount: count, outputGradient: dy, initialInputGradients: [prefill])
        let expected = (0..<count).map { x[$0] > 0 ? prefill[$0] + dy[$0] : prefill[$0] }
        #expect(result.inputGradients[0] == expected, "seed \(Self.seed)")
        #expect(result.output == x.map { max($0, 0) })
    }

    /// Derivatives at the kinks, as PyTorch defines them (torch.autograd on these inputs).
    @Test func kinksFollowPyTorch() throws {
        let cases: [(Activation, [Float], [Float])] = [
            (.relu, [0, -0.0], [0, 0]),
            (.leakyReLU(alpha: 0.1), [0], [0.1]),
            (.clip(min: -1, max: 2), [-1, 2], [1, 1]),   // clamp_backward: both ends pass
            (.pytorchHardSigmoid, [-3, 3], [0, 0]),      // hardsigmoid_backward: open interval
            (.hardSwish, [-3, 3], [-0.5, 1.5]),          // hardswish_backward: x/3 + 0.5 on [-3, 3]
            (.abs, [0], [0]),
            (.elu(alpha: 0.7), [0], [0.7]),
            (.thresholdedReLU(alpha: 0.5), [0.5], [0]),
            (.shrink(bias: 0, lambd: 0.5), [-0.5, 0.5], [0, 0]),
            (.sign, [0], [0]),
        ]
        for (activation, x, expected) in cases {
            let shape = try Shape([x.count])
            let plan = try ActivationOp(activation).trainingPlan(inputs: [shape], output: shape, workers: 1)
            let result = runTraining(plan, inputs: [x], outputCount: x.count, outputGradient: x.map { _ in 1 },
                                     initialInputGradients: [x.map { _ in 0 }])
            #expect(result.inputGradients[0] == expected, "\(activation.name) at \(x)")
        }
    }

    @Test func notDifferentiableActivationsThrow() throws {
        let shape = try Shape([4])
        for activation in [Activation.logicalNot, .cast(.float16)] {
            #expect(throws: StrataError.self, "\(activation.name)") {
                try ActivationOp(activation).trainingPlan(inputs: [shape], output: shape, workers: 1)
            }
        }
    }
}
