import Strata
import StrataDiagnostics
@testable import StrataTraining
import Testing

@Suite struct OptimizerTests {
    static let fixture = OptimizerCases.shared

    /// Every case of make-optim-cases.py: the parameters and state after each of 4 steps
    /// (learning rates 0.1, 0.1, 0.05, 0.02; one gradient element 0 at step 2).
    @Test(arguments: OptimizerCases.shared.cases.map(\.name))
    func matchesTheNumpyReference(_ caseName: String) throws {
        let fixture = Self.fixture
        let testCase = try #require(fixture.cases.first { $0.name == caseName })
        let optimizer = try testCase.makeOptimizer(fixture.shapes)
        let parameters = TestParameters(fixture.shapes, values: fixture.initial)
        #expect(testCase.steps.count == 4)
        for (step, expected) in testCase.steps.enumerated() {
            parameters.setGradients(fixture.gradients[step])
            optimizer.step(parameters.buffers, learningRate: fixture.learningRates[step])
            #expect(optimizer.stepCount == step + 1)
            for (index, values) in parameters.values.enumerated() {
                let want = expected.parameters[index]
                #expect(zip(values, want).allSatisfy { sameAsReference($0, $1) },
                        "\(caseName) step \(step + 1) \(fixture.parameters[index].name): \(values) vs \(want)")
            }
            let state = optimizer.stateTensors()
            #expect(Set(state.keys) == Set(expected.state.keys), "\(caseName) step \(step + 1)")
            for (key, want) in expected.state {
                let got = try #require(state[key], "\(caseName): no state \(key)").scalars
                #expect(zip(got, want).allSatisfy { sameAsReference($0, $1) } && got.count == want.count,
                        "\(caseName) step \(step + 1) \(key): \(got) vs \(want)")
            }
        }
    }

    @Test func namesAndStateKeys() throws {
        let shapes = Self.fixture.shapes
        #expect(try SGD(parameters: shapes).name == "sgd")
        #expect(try SGD(parameters: shapes).stateTensors().isEmpty)
        #expect(try Set(SGD(parameters: shapes, momentum: 0.5).stateTensors().keys)
                == ["conv.weight.momentum_buffer", "conv.bias.momentum_buffer", "fc.weight.momentum_buffer"])
        let adam = try Adam(parameters: shapes)
        #expect(adam.name == "adam")
        #expect(Set(adam.stateTensors().keys)
                == ["conv.weight.exp_avg", "conv.weight.exp_avg_sq", "conv.bias.exp_avg", "conv.bias.exp_avg_sq",
                    "fc.weight.exp_avg", "fc.weight.exp_avg_sq"])
        #expect(adam.stateTensors()["conv.weight.exp_avg"]?.shape == [2, 3])
        #expect(adam.stateTensors()["conv.weight.exp_avg"]?.scalars == [Float](repeating: 0, count: 6))
        let adamW = try AdamW(parameters: shapes)
        #expect(adamW.name == "adamw")
        #expect(adamW.weightDecay == 0.01)   // PyTorch's default
    }

    @Test func invalidSettings() {
        let shapes = Self.fixture.shapes
        #expect(errorMessage { _ = try SGD(parameters: shapes, nesterov: true) }
                == "invalid argument: SGD nesterov requires momentum > 0 and dampening 0, got momentum 0.0 and dampening 0.0")
        #expect(errorMessage { _ = try SGD(parameters: shapes, momentum: 0.9, dampening: 0.1, nesterov: true) }
                .contains("nesterov requires momentum > 0 and dampening 0"))
        #expect(errorMessage { _ = try SGD(parameters: shapes, momentum: -0.1) }.contains("momentum must be finite and >= 0, got -0.1"))
        #expect(errorMessage { _ = try SGD(parameters: shapes, weightDecay: .nan) }.contains("weightDecay"))
        #expect(errorMessage { _ = try Adam(parameters: shapes, betas: (1, 0.999)) }.contains("betas.0 must be in [0, 1), got 1.0"))
        #expect(errorMessage { _ = try Adam(parameters: shapes, betas: (0.9, -0.5)) }.contains("betas.1"))
        #expect(errorMessage { _ = try Adam(parameters: shapes, eps: -1) }.contains("eps must be finite and >= 0"))
        #expect(errorMessage { _ = try AdamW(parameters: shapes, weightDecay: -0.01) }.contains("AdamW weightDecay"))
        #expect(errorMessage { _ = try Adam(parameters: [(name: "w", shape: [2]), (name: "w", shape: [3])]) }
                .contains("'w' is listed twice"))
        #expect(errorMessage { _ = try SGD(parameters: [(name: "", shape: [2])]) }.contains("must not be empty"))
    }

    /// Two steps, a checkpoint into a fresh optimizer, two more steps: the same bits as four
    /// steps without interruption, for each optimizer kind.
    @Test(arguments: ["sgd nesterov weight decay", "adam weight decay", "adamw weight decay"])
    func stateRoundTrip(_ caseName: String) throws {
        let fixture = Self.fixture
        let testCase = try #require(fixture.cases.first { $0.name == caseName })
        let straight = try testCase.makeOptimizer(fixture.shapes)
        let straightParameters = TestParameters(fixture.shapes, values: fixture.initial)
        for step in 0..<4 {
            straightParameters.setGradients(fixture.gradients[step])
            straight.step(straightParameters.buffers, learningRate: fixture.learningRates[step])
        }

        let first = try testCase.makeOptimizer(fixture.shapes)
        let parameters = TestParameters(fixture.shapes, values: fixture.initial)
        for step in 0..<2 {
            parameters.setGradients(fixture.gradients[step])
            first.step(parameters.buffers, learningRate: fixture.learningRates[step])
        }
        let saved = first.stateTensors()
        let resumed = try testCase.makeOptimizer(fixture.shapes)
        try resumed.loadState(saved, stepCount: first.stepCount)
        #expect(resumed.stepCount == 2)
        #expect(resumed.stateTensors().mapValues(\.scalars) == saved.mapValues(\.scalars))
        for step in 2..<4 {
            parameters.setGradients(fixture.gradients[step])
            resumed.step(parameters.buffers, learningRate: fixture.learningRates[step])
        }
        #expect(parameters.values == straightParameters.values, "\(caseName)")
        #expect(resumed.stateTensors().mapValues(\.scalars) == straight.stateTensors().mapValues(\.scalars))
        // The saved tensors are copies: stepping did not change them.
        #expect(saved.mapValues(\.scalars) != resumed.stateTensors().mapValues(\.scalars))
    }

    @Test func loadStateErrorsNameEveryProblemAndChangeNothing() throws {
        let shapes = Self.fixture.shapes
        let adam = try Adam(parameters: shapes)
        let parameters = TestParameters(shapes, values: Self.fixture.initial)
        parameters.setGradients(Self.fixture.gradients[0])
        adam.step(parameters.buffers, learningRate: 0.1)
        let before = adam.stateTensors()

        var bad = before
        bad["conv.weight.exp_avg"] = nil
        bad["conv.bias.exp_avg_sq"] = try Tensor(shape: [5])
        bad["conv.bias.momentum_buffer"] = try Tensor(shape: [4])
        #expect(errorMessage { try adam.loadState(bad, stepCount: 7) }
                == "invalid argument: adam state: missing 'conv.weight.exp_avg' (shape [2, 3]); "
                + "'conv.bias.exp_avg_sq' has shape [5], expected [4]; unexpected 'conv.bias.momentum_buffer'")
        #expect(errorMessage { try adam.loadState(before, stepCount: -1) } == "invalid argument: adam state: step count -1 is negative")
        #expect(adam.stepCount == 1)
        #expect(adam.stateTensors().mapValues(\.scalars) == before.mapValues(\.scalars))

        let sgd = try SGD(parameters: shapes, momentum: 0.9)
        #expect(errorMessage { try sgd.loadState([:], stepCount: 3) }
                == "invalid argument: sgd state: missing 'conv.weight.momentum_buffer' (shape [2, 3]); "
                + "missing 'conv.bias.momentum_buffer' (shape [4]); missing 'fc.weight.momentum_buffer' (shape [3, 7])")
        #expect(sgd.stepCount == 0)
    }

    /// After creation, steps allocate no tensor buffer.
    @Test(arguments: OptimizerCases.shared.cases.map(\.name))
    func stepAllocatesNoTensors(_ caseName: String) throws {
        let fixture = Self.fixture
        let testCase = try #require(fixture.cases.first { $0.name == caseName })
        let optimizer = try testCase.makeOptimizer(fixture.shapes)
        let parameters = TestParameters(fixture.shapes, values: fixture.initial)
        parameters.setGradients(fixture.gradients[0])
        let buffers = parameters.buffers
        let allocations = AllocationCounter.tensorAllocations {
            for _ in 0..<3 { optimizer.step(buffers, learningRate: 0.01) }
        }
        #expect(allocations == 0, "\(caseName)")
        #expect(optimizer.stepCount == 3)
    }
}
