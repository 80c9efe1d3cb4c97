import Strata
import Testing

/// What one forward (and backward) of a training plan left in its buffers.
struct TrainingResult {
    var output: [Float]
    var inputGradients: [[Float]]
    var parameterGradients: [[Float]?]
    /// The parameters after the forward pass (BatchNorm's running statistics move).
    var parameters: [[Float]]
    var saved: [Float]
}

/// Runs `plan` forward in `mode` on copies of `inputs` and `parameters`, then (when
/// `outputGradient` is given) backward with the input gradients pre-filled with
/// `initialInputGradients` (and parameter gradients with 1e6), so the results show whether
/// the plan adds or overwrites.
/// `saved` carries over from a previous call when given (it is otherwise zeros).
func runTraining(
    _ plan: any TrainingPlan, inputs: [[Float]], outputCount: Int, parameters: [[Float]] = [],
    gradientParameters: Set<Int> = [], mode: TrainingMode = .train, seed: UInt64 = 0,
    outputGradient: [Float]? = nil, initialInputGradients: [[Float]]? = nil
) -> TrainingResult {
    func buffer(_ values: [Float], count: Int? = nil) -> UnsafeMutablePointer<Float> {
        let n = max(count ?? values.count, 1)
        let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
        p.initialize(repeating: 0, count: n)
        if !values.isEmpty { p.update(from: values, count: values.count) }
        return p
    }
    let inputBuffers = inputs.map { buffer($0) }
    let parameterBuffers = parameters.map { buffer($0) }
    let output = buffer([], count: outputCount)
    let saved = plan.savedCount > 0 ? buffer([], count: plan.savedCount) : nil
    let workspace = plan.workspaceCount > 0 ? buffer([], count: plan.workspaceCount) : nil
    let inputGradientBuffers = inputs.indices.map { buffer(initialInputGradients?[$0] ?? [], count: inputs[$0].count) }
    let parameterGradientBuffers: [UnsafeMutablePointer<Float>?] = parameters.indices.map {
        // Pre-filled with a large value: the plan must overwrite parameter gradients.
        gradientParameters.contains($0) ? buffer([Float](repeating: 1e6, count: parameters[$0].count)) : nil
    }
    defer {
        for p in inputBuffers + parameterBuffers + inputGradientBuffers + [output] { p.deallocate() }
        for p in parameterGradientBuffers + [saved, workspace] { p?.deallocate() }
    }
    let constInputs = inputBuffers.map { UnsafePointer($0) }
    constInputs.withUnsafeBufferPointer { inputPointers in
        parameterBuffers.withUnsafeBufferPointer { parameterPointers in
            plan.forward(TrainingForward(
                inputs: inputPointers, output: output, parameters: parameterPointers, saved: saved, workspace: workspace,
                mode: mode, randomSeed: seed))
            guard let outputGradient else { return }
            outputGradient.withUnsafeBufferPointer { dy in
                inputGradientBuffers.map { Optional($0) }.withUnsafeBufferPointer { dx in
                    parameterGradientBuffers.withUnsafeBufferPointer { dp in
                        plan.backward(TrainingBackward(
                            inputs: inputPointers, output: output, outputGradient: dy.baseAddress!, inputGradients: dx,
                            parameters: parameterPointers, parameterGradients: dp, saved: saved, workspace: workspace))
                    }
                }
            }
        }
    }
    return TrainingResult(
        output: Array(UnsafeBufferPointer(start: output, count: outputCount)),
        inputGradients: inputs.indices.map { Array(UnsafeBufferPointer(start: inputGradientBuffers[$0], count: inputs[$0].count)) },
        parameterGradients: parameters.indices.map { i in
            parameterGradientBuffers[i].map { Array(UnsafeBufferPointer(start: $0, count: parameters[i].count)) }
        },
        parameters: parameters.indices.map { Array(UnsafeBufferPointer(start: parameterBuffers[$0], count: parameters[$0].count)) },
        saved: saved.map { Array(UnsafeBufferPointer(start: $0, count: plan.savedCount)) } ?? [])
}

/// Checks a training plan's backward against central finite differences of
/// L = Σ r ⊙ f(inputs, parameters), f computed in Double by `reference` (a
/// `StrataReference` kernel), r random in [−1, 1].
///
/// Each input gradient is pre-filled with random values; the plan must add to them.
/// Tolerance: |analytic − numeric| ≤ 1e-4 · max(1, |numeric|). The numeric side is exact
/// to about 1e-9 (Double, step h = 1e-5 · max(1, |x|): truncation O(h²), rounding
/// O(1e-16 · |L| / h)); the analytic side is float32 arithmetic with a relative error
/// of a few 1e-7 per operation, sums over at most a few thousand terms bring it near 1e-5.
/// A wrong formula (a factor, a sign, a missed term) is off by O(1) relative.
func checkGradients(
    _ op: any TrainableOp, inputs: [[Float]], shapes: [Shape], parameters: [[Float]] = [],
    gradientParameters: Set<Int> = [], seed: UInt64, label: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    reference: @escaping (_ inputs: [[Double]], _ parameters: [[Double]]) -> [Double]
) throws {
    let output = try op.outputShape(for: shapes)
    let plan = try op.trainingPlan(inputs: shapes, output: output, workers: 2)
    var rng = SeededGenerator(seed: seed ^ 0x5EED)
    let r = (0..<output.elementCount).map { _ in rng.nextUniform(-1, 1) }
    let prefill = inputs.map { $0.map { _ in rng.nextUniform(-1, 1) } }
    let result = runTraining(plan, inputs: inputs, outputCount: output.elementCount, parameters: parameters,
                             gradientParameters: gradientParameters, outputGradient: r, initialInputGradients: prefill)
    let x = inputs.map { $0.map(Double.init) }, p = parameters.map { $0.map(Double.init) }
    // The forward pass agrees with the reference (float32 vs Double).
    let expected = reference(x, p)
    let forwardError = zip(result.output, expected).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
    #expect(forwardError <= 1e-5, "\(label) seed \(seed): forward differs from the reference by \(forwardError)",
            sourceLocation: sourceLocation)
    func loss(_ x: [[Double]], _ p: [[Double]]) -> Double {
        zip(reference(x, p), r).reduce(0) { $0 + $1.0 * Double($1.1) }
    }
    func numeric(_ value: Double, _ perturb: (Double) -> Double) -> Double {
        let h = 1e-5 * max(1, abs(value))
        return (perturb(value + h) - perturb(value - h)) / (2 * h)
    }
    var worst = (error: 0.0, at: "")
    func compare(_ analytic: Float, _ numericValue: Double, _ at: @autoclosure () -> String) {
        let error = abs(Double(analytic) - numericValue) / max(1, abs(numericValue))
        if error > worst.error { worst = (error, at()) }
    }
    for k in inputs.indices {
        for i in inputs[k].indices {
            let n = numeric(x[k][i]) { v in
                var xv = x
                xv[k][i] = v
                return loss(xv, p)
            }
            compare(result.inputGradients[k][i] - prefill[k][i], n, "input \(k) element \(i): analytic \(result.inputGradients[k][i] - prefill[k][i]), numeric \(n)")
        }
    }
    for j in gradientParameters.sorted() {
        for i in parameters[j].indices {
            let n = numeric(p[j][i]) { v in
                var pv = p
                pv[j][i] = v
                return loss(x, pv)
            }
            let analytic = result.parameterGradients[j]?[i] ?? .nan
            compare(analytic, n, "parameter \(j) element \(i): analytic \(analytic), numeric \(n)")
        }
    }
    #expect(worst.error <= 1e-4, "\(label) seed \(seed): gradient error \(worst.error) at \(worst.at)", sourceLocation: sourceLocation)
}

extension SeededGenerator {
    /// A uniform value in [low, high) at least `margin` away from each of `kinks`.
    mutating func nextAvoiding(_ low: Float, _ high: Float, kinks: [Float], margin: Float = 0.02) -> Float {
        while true {
            let v = nextUniform(low, high)
            if kinks.allSatisfy({ abs(v - $0) >= margin }) { return v }
        }
    }

    /// `count` distinct values in random order, at least 0.01 apart (no ties for max pooling,
    /// and the finite-difference step never reorders them).
    mutating func nextDistinct(_ count: Int) -> [Float] {
        var values = (0..<count).map { Float($0) * 0.01 - Float(count) * 0.005 }
        for i in stride(from: count - 1, to: 0, by: -1) { values.swapAt(i, Int(next() % UInt64(i + 1))) }
        return values
    }

    /// A random integer in `range`.
    mutating func nextInt(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
