import Strata
import Testing

/// Inverted dropout: the mask's zero fraction, the 1/(1 − p) scaling, reproducibility from
/// the seed, the backward through the same mask, eval as the identity.
@Suite struct DropoutTrainingTests {
    static let seed: UInt64 = 20_261_134

    func run(_ p: Float, _ x: [Float], seed: UInt64, mode: TrainingMode = .train, dy: [Float]? = nil, prefill: [Float]? = nil) throws -> TrainingResult {
        let shape = try Shape([x.count])
        let plan = try DropoutOp(probability: p).trainingPlan(inputs: [shape], output: shape, workers: 1)
        return runTraining(plan, inputs: [x], outputCount: x.count, mode: mode, seed: seed, outputGradient: dy,
                           initialInputGradients: prefill.map { [$0] })
    }

    @Test func maskFractionScalingAndBackward() throws {
        let count = 10_000
        var rng = SeededGenerator(seed: Self.seed)
        let x = (0..<count).map { _ in rng.nextUniform(0.5, 1.5) }   // never 0, so a 0 output is a dropped element
        let dy = (0..<count).map { _ in rng.nextUniform(-1, 1) }
        let prefill = (0..<count).map { _ in rng.nextUniform(-1, 1) }
        for p: Float in [0.1, 0.3, 0.5, 0.8] {
            let result = try run(p, x, seed: Self.seed, dy: dy, prefill: prefill)
            let dropped = result.output.filter { $0 == 0 }.count
            // Binomial(n, p): 5 standard deviations, √(n·p·(1 − p)) ≤ 50 here.
            let bound = 5 * (Double(count) * Double(p) * (1 - Double(p))).squareRoot()
            #expect(abs(Double(dropped) - Double(count) * Double(p)) <= bound,
                    "p \(p) seed \(Self.seed): \(dropped) of \(count) dropped, bound ±\(bound)")
            let scale = Float(1 / (1 - Double(p)))
            for i in 0..<count {
                let kept = result.output[i] != 0
                if kept {
                    #expect(result.output[i] == x[i] * scale, "p \(p) element \(i)")
                }
                #expect(result.saved[i] == (kept ? scale : 0), "p \(p) mask \(i)")
                #expect(result.inputGradients[0][i] == prefill[i] + (kept ? dy[i] * scale : 0), "p \(p) gradient \(i)")
            }
        }
    }

    @Test func sameSeedSameMask() throws {
        let x = [Float](repeating: 1, count: 500)
        let a = try run(0.5, x, seed: 7), b = try run(0.5, x, seed: 7), c = try run(0.5, x, seed: 8)
        #expect(a.output == b.output)
        // Two independent masks of 500 fair coins agree everywhere with probability 2^-500.
        #expect(a.output != c.output)
    }

    @Test func evalIsIdentityAndExtremes() throws {
        let x: [Float] = [1, -2, 3.5, 0, -0.25]
        #expect(try run(0.5, x, seed: 3, mode: .eval).output == x)
        #expect(try run(0, x, seed: 3).output == x)
        #expect(try run(1, x, seed: 3).output.allSatisfy { $0 == 0 })
        #expect(throws: StrataError.self) { try DropoutOp(probability: 1.5) }
        #expect(throws: StrataError.self) { try DropoutOp(probability: -0.1) }
    }

    /// The builder's node runs as the identity at inference.
    @Test func builderNodeIsIdentityAtInference() throws {
        let builder = try GraphBuilder(inputShape: [2, 3], seed: 1)
        try builder.dropout(builder.input, probability: 0.4, name: "drop")
        let graph = try builder.build()
        let x = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(try GraphRunner(graph, workers: 1).run(x).output.scalars == x.scalars)
        #expect(try graph.compiled().run(x).output.scalars == x.scalars)
        #expect(graph.nodes.last?.op.opName == "Dropout")
    }
}
