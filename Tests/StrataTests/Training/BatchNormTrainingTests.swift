import Strata
import StrataReference
import Testing

/// BatchNorm in training mode: the backward against finite differences of the Double
/// reference (batch statistics, then `Reference.batchNorm`), the running statistics after
/// one and two steps worked out by hand, eval mode on the running statistics.
@Suite struct BatchNormTrainingTests {
    static let seed: UInt64 = 20_261_133

    /// Train-mode BatchNorm in Double: the batch mean and biased variance per channel, then
    /// the inference reference with them.
    static func trainReference(_ x: [Double], shape: [Int], gamma: [Double], beta: [Double], epsilon: Float) -> [Double] {
        let (n, c) = (shape[0], shape[1])
        let spatial = shape[2...].reduce(1, *)
        var (mean, variance) = ([Double](repeating: 0, count: c), [Double](repeating: 0, count: c))
        for channel in 0..<c {
            let values = (0..<n).flatMap { i in (0..<spatial).map { x[(i * c + channel) * spatial + $0] } }
            mean[channel] = values.reduce(0, +) / Double(values.count)
            variance[channel] = values.reduce(0) { $0 + ($1 - mean[channel]) * ($1 - mean[channel]) } / Double(values.count)
        }
        return Reference.batchNorm(x, shape: shape, scale: gamma, shift: beta, mean: mean, variance: variance, epsilon: epsilon)
    }

    @Test(arguments: 0..<10)
    func gradientMatchesFiniteDifferences(index: Int) throws {
        let seed = Self.seed &+ UInt64(index)
        var rng = SeededGenerator(seed: seed)
        let rank = rng.nextInt(2...4)
        let dims = [rng.nextInt(1...4), rng.nextInt(1...4)] + (2..<rank).map { _ in rng.nextInt(1...4) }
        // At least 2 values per channel: one value normalizes to 0 whatever it is.
        let shape = dims[0] * dims[2...].reduce(1, *) >= 2 ? dims : [dims[0] + 1] + dims.dropFirst()
        let (count, channels) = (shape.reduce(1, *), shape[1])
        let x = (0..<count).map { _ in rng.nextUniform(-2, 2) }
        let gamma = (0..<channels).map { _ in rng.nextUniform(0.5, 1.5) }
        let beta = (0..<channels).map { _ in rng.nextUniform(-1, 1) }
        let op = try BatchNormOp(channels: channels)
        try checkGradients(op, inputs: [x], shapes: [try Shape(shape)],
                           parameters: [gamma, beta, [Float](repeating: 0, count: channels), [Float](repeating: 1, count: channels)],
                           gradientParameters: [0, 1], seed: seed, label: "batch norm \(shape)") { x, p in
            Self.trainReference(x[0], shape: shape, gamma: p[0], beta: p[1], epsilon: op.epsilon)
        }
    }

    /// Shape [2, 2, 1, 2], four values per channel, by hand:
    /// step 1, channel 0: 1, 2, 3, 6: mean 3, squared deviations 4 + 1 + 0 + 9 = 14, biased
    /// variance 3.5, unbiased 14/3; running_mean 0.9·0 + 0.1·3 = 0.3, running_var
    /// 0.9·1 + 0.1·14/3 = 1.3666…; channel 1: 0, 0, −1, 1: mean 0, squares 2, unbiased 2/3;
    /// running_mean 0, running_var 0.9 + 0.0666… = 0.9666….
    /// step 2, channel 0: all 2: mean 2, variance 0: running_mean 0.27 + 0.2 = 0.47,
    /// running_var 0.9·1.3666… = 1.23; channel 1: 1, 3, 5, 7: mean 4, squares 20, unbiased
    /// 20/3: running_mean 0.4, running_var 0.9·0.9666… + 0.6666… = 1.5366….
    @Test func runningStatisticsAfterOneAndTwoSteps() throws {
        let op = try BatchNormOp(channels: 2)
        let shape = try Shape([2, 2, 1, 2])
        let plan = try op.trainingPlan(inputs: [shape], output: shape, workers: 1)
        // Layout [n][c][w]: n0 c0, n0 c1, n1 c0, n1 c1.
        let step1: [Float] = [1, 2, 0, 0, 3, 6, -1, 1]
        let step2: [Float] = [2, 2, 1, 3, 2, 2, 5, 7]
        let (gamma, beta): ([Float], [Float]) = ([2, 0.5], [0.5, -1])
        let first = runTraining(plan, inputs: [step1], outputCount: 8, parameters: [gamma, beta, [0, 0], [1, 1]])
        expectClose(first.parameters[2], [0.3, 0], "running_mean after step 1")
        expectClose(first.parameters[3], [0.9 + 0.1 * 14 / 3, 0.9 + 0.1 * 2 / 3], "running_var after step 1")
        // Train output normalizes with the batch statistics: x = 6 in channel 0 is (6 − 3)/√(3.5 + 1e-5)·2 + 0.5.
        let sd0 = (3.5 + 1e-5).squareRoot(), sd1 = (0.5 + 1e-5).squareRoot()
        expectClose(first.output, [(-2 / sd0) * 2 + 0.5, (-1 / sd0) * 2 + 0.5, -1, -1,
                                   0.5, (3 / sd0) * 2 + 0.5, (-1 / sd1) * 0.5 - 1, (1 / sd1) * 0.5 - 1], "train output")
        // Saved: the batch mean, then 1/√(var + ε).
        expectClose(first.saved, [3, 0, 1 / sd0, 1 / sd1], "saved statistics")
        let second = runTraining(plan, inputs: [step2], outputCount: 8, parameters: [gamma, beta] + first.parameters[2...])
        expectClose(second.parameters[2], [0.47, 0.4], "running_mean after step 2")
        expectClose(second.parameters[3], [0.9 * (0.9 + 0.1 * 14 / 3), 0.9 * (0.9 + 0.1 * 2 / 3) + 0.1 * 20 / 3],
                    "running_var after step 2")

        // Eval: the running statistics, left unchanged.
        let eval = runTraining(plan, inputs: [step1], outputCount: 8, parameters: second.parameters, mode: .eval)
        #expect(eval.parameters == second.parameters)
        let (m, v) = (second.parameters[2].map(Double.init), second.parameters[3].map(Double.init))
        let expected = step1.indices.map { i -> Double in
            let c = (i / 2) % 2
            return (Double(step1[i]) - m[c]) / (v[c] + 1e-5).squareRoot() * Double(gamma[c]) + Double(beta[c])
        }
        expectClose(eval.output, expected, "eval output")
    }

    /// One value per channel ([1, 2]): PyTorch refuses to train; here x̂ = 0, so the output
    /// is β, and the running variance takes the biased variance 0: 0.9·v.
    @Test func oneValuePerChannel() throws {
        let op = try BatchNormOp(channels: 2)
        let shape = try Shape([1, 2])
        let plan = try op.trainingPlan(inputs: [shape], output: shape, workers: 1)
        let result = runTraining(plan, inputs: [[3, -1]], outputCount: 2, parameters: [[2, 2], [0.5, -0.5], [1, 1], [2, 4]])
        expectClose(result.output, [0.5, -0.5], "output")
        expectClose(result.parameters[2], [0.9 + 0.3, 0.9 - 0.1], "running_mean")
        expectClose(result.parameters[3], [1.8, 3.6], "running_var")
    }

    func expectClose(_ actual: [Float], _ expected: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(what)", sourceLocation: sourceLocation)
        // float32 results of O(1) values: a few ulps.
        let error = zip(actual, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(error <= 1e-6, "\(what): \(actual) vs \(expected)", sourceLocation: sourceLocation)
    }
}
