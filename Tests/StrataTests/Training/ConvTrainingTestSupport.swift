import Strata

/// What one training forward and backward pass of a single-input op produced.
struct TrainingRun {
    /// The forward output.
    var output: [Float]
    /// The input gradient buffer after the backward pass (it started at the fill value).
    var inputGradient: [Float]
    /// One gradient per op parameter, in ``GraphOp/parameters`` order.
    var parameterGradients: [[Float]]
}

/// Plans `op` for `input`, runs the training forward pass, then the backward pass with
/// `outputGradient`, the input gradient buffer pre-filled with `inputGradientFill` (input
/// gradients accumulate) and the parameter gradients with NaN (they are overwritten).
/// `saved` and `workspace` start as NaN too, so a read before a write shows.
func runTraining(
    _ op: some TrainableOp, input: Tensor, outputGradient: (Shape) -> [Float], inputGradientFill: Float,
    workers: Int
) throws -> TrainingRun {
    let outputShape = try op.outputShape(for: [input.shape])
    let plan = try op.trainingPlan(inputs: [input.shape], output: outputShape, workers: workers)
    let parameters = op.parameters.map { $0.value.scalars }
    var parameterGradients = parameters.map { [Float](repeating: .nan, count: $0.count) }
    var output = [Float](repeating: .nan, count: outputShape.elementCount)
    var saved = [Float](repeating: .nan, count: max(plan.savedCount, 1))
    var workspace = [Float](repeating: .nan, count: max(plan.workspaceCount, 1))
    var inputGradient = [Float](repeating: inputGradientFill, count: input.elementCount)
    let dy = outputGradient(outputShape)
    let x = input.scalars

    // Parameters and their gradients in buffers of their own (an array of arrays cannot
    // lend all its elements' storage at once).
    let p = parameters.map { values in
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
        buffer.initialize(from: values, count: values.count)
        return buffer
    }
    let dp = parameterGradients.map { values in
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
        buffer.initialize(from: values, count: values.count)
        return buffer
    }
    defer { for buffer in p + dp { buffer.deallocate() } }
    x.withUnsafeBufferPointer { xb in
        output.withUnsafeMutableBufferPointer { yb in
            saved.withUnsafeMutableBufferPointer { sb in
                workspace.withUnsafeMutableBufferPointer { wb in
                    inputGradient.withUnsafeMutableBufferPointer { dxb in
                        dy.withUnsafeBufferPointer { dyb in
                            let inputs = [xb.baseAddress!]
                            let inputGradients: [UnsafeMutablePointer<Float>?] = [dxb.baseAddress!]
                            let gradients: [UnsafeMutablePointer<Float>?] = dp
                            inputs.withUnsafeBufferPointer { ins in
                                p.withUnsafeBufferPointer { params in
                                    plan.forward(TrainingForward(
                                        inputs: ins, output: yb.baseAddress!, parameters: params,
                                        saved: plan.savedCount > 0 ? sb.baseAddress : nil,
                                        workspace: plan.workspaceCount > 0 ? wb.baseAddress : nil,
                                        mode: .train, randomSeed: 0))
                                    inputGradients.withUnsafeBufferPointer { dins in
                                        gradients.withUnsafeBufferPointer { dparams in
                                            plan.backward(TrainingBackward(
                                                inputs: ins, output: UnsafePointer(yb.baseAddress!),
                                                outputGradient: dyb.baseAddress!, inputGradients: dins,
                                                parameters: params, parameterGradients: dparams,
                                                saved: plan.savedCount > 0 ? sb.baseAddress : nil,
                                                workspace: plan.workspaceCount > 0 ? wb.baseAddress : nil))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    for i in parameterGradients.indices {
        parameterGradients[i] = Array(UnsafeBufferPointer(start: dp[i], count: parameterGradients[i].count))
    }
    return TrainingRun(output: output, inputGradient: inputGradient, parameterGradients: parameterGradients)
}

/// Central finite differences of a Double loss: `(L(θ + h·e_i) − L(θ − h·e_i)) / 2h` for
/// every element `i` of `values` (or of `indices`, in that order), with `h = 1e-3 · max(1, |θ_i|)`.
func finiteDifferences(_ values: [Double], at indices: [Int]? = nil, loss: ([Double]) -> Double) -> [Double] {
    var probe = values
    return (indices ?? Array(values.indices)).map { i in
        let h = 1e-3 * max(1, abs(values[i]))
        probe[i] = values[i] + h
        let up = loss(probe)
        probe[i] = values[i] - h
        let down = loss(probe)
        probe[i] = values[i]
        return (up - down) / (2 * h)
    }
}

/// The largest `|analytic − expected|` relative to the largest `|expected|` (1 when that is 0).
func relativeGradientError(_ analytic: [Float], _ expected: [Double]) -> Double {
    precondition(analytic.count == expected.count)
    let scale = max(expected.map(abs).max() ?? 0, 1e-30)
    var worst = 0.0
    for i in analytic.indices { worst = max(worst, abs(Double(analytic[i]) - expected[i]) / scale) }
    return worst
}
