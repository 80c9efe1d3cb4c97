/// GroupNorm, InstanceNorm and LayerNorm backward (PyTorch `native_group_norm_backward`,
/// `native_layer_norm_backward`). Train and eval are the same: the statistics always come
/// from the sample itself and nothing is tracked.
///
/// Each kind normalizes contiguous blocks of a row-major `[N, C, H, W]` input: per
/// (n, group) (C/G)·H·W values, per (n, c) H·W values, per n C·H·W values. For a block of L
/// values with x̂ = (x − mean)·invstd and g = dy·γ:
/// `dx += invstd·(g − mean(g) − x̂·mean(g·x̂))`; over the whole batch `dγ = Σ dy·x̂` and
/// `dβ = Σ dy` per affine element. Saved: each block's mean, then its invstd = 1/√(var + ε);
/// the backward sums the mean again in Double and works in Double.
extension NormalizationOp: TrainableOp {
    /// Plans the normalization forward (saving each block's statistics) and its backward.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let shape = inputs[0]
        let (batch, channels) = (shape[0], shape[1])
        let sample = shape.dimensions[1...].reduce(1, *)
        let spatial = channels > 0 ? sample / channels : 0
        let blocksPerSample: Int
        switch kind {
        case .group(let groups): blocksPerSample = groups
        case .instance: blocksPerSample = channels
        case .layer: blocksPerSample = 1
        }
        let blocks = batch * blocksPerSample
        let length = blocksPerSample > 0 ? sample / blocksPerSample : 0
        // LayerNorm's affine parameters cover the whole sample; the others are per channel.
        let perElement = kind == .layer
        let affineCount = perElement ? sample : channels
        let epsilon = Double(epsilon)
        let shares = min(max(workers, 1), max(blocks, 1))
        // Element j of a sample uses affine element j / divisor.
        let divisor = perElement ? 1 : max(spatial, 1)
        return ClosureTrainingPlan(
            savedCount: 2 * blocks,
            forward: { pass in
                guard length > 0, let saved = pass.saved else { return }
                let (x, y, gamma, beta) = (pass.inputs[0], pass.output, pass.parameters[0], pass.parameters[1])
                parallelFor(shares, workers: workers) { share in
                    let (b0, b1) = evenSplit(blocks, parts: shares, part: share)
                    for b in b0..<b1 {
                        let (start, sampleStart) = (b * length, (b / blocksPerSample) * sample)
                        var sum = 0.0
                        for i in start..<start + length { sum += Double(x[i]) }
                        let mean = sum / Double(length)
                        var squares = 0.0
                        for i in start..<start + length { squares += (Double(x[i]) - mean) * (Double(x[i]) - mean) }
                        let invstd = 1 / (squares / Double(length) + epsilon).squareRoot()
                        (saved[b], saved[blocks + b]) = (Float(mean), Float(invstd))
                        let (m, s) = (Float(mean), Float(invstd))
                        for i in start..<start + length {
                            let a = (i - sampleStart) / divisor
                            y[i] = (x[i] - m) * s * gamma[a] + beta[a]
                        }
                    }
                }
            },
            backward: { pass in
                guard length > 0, let saved = pass.saved else { return }
                let (x, dy, gamma) = (pass.inputs[0], pass.outputGradient, pass.parameters[0])
                let (dGamma, dBeta) = (pass.parameterGradients[0], pass.parameterGradients[1])
                if let dx = pass.inputGradients[0] {
                    parallelFor(shares, workers: workers) { share in
                        let (b0, b1) = evenSplit(blocks, parts: shares, part: share)
                        for b in b0..<b1 {
                            let (start, sampleStart) = (b * length, (b / blocksPerSample) * sample)
                            // The mean again in Double: x − mean with the float-rounded saved mean
                            // loses the low bits when the values sit close together (a
                            // two-value LayerNorm was off by 1e-4 relative).
                            var sum = 0.0
                            for i in start..<start + length { sum += Double(x[i]) }
                            let (m, s) = (sum / Double(length), Double(saved[blocks + b]))
                            var (sumG, sumGXhat) = (0.0, 0.0)
                            for i in start..<start + length {
                                let g = Double(dy[i] * gamma[(i - sampleStart) / divisor])
                                sumG += g
                                sumGXhat += g * (Double(x[i]) - m) * s
                            }
                            let (meanG, meanGXhat) = (sumG / Double(length), sumGXhat / Double(length))
                            for i in start..<start + length {
                                let g = Double(dy[i] * gamma[(i - sampleStart) / divisor])
                                dx[i] += Float(s * (g - meanG - (Double(x[i]) - m) * s * meanGXhat))
                            }
                        }
                    }
                }
                // The affine gradients sum over every sample: one pass on this thread (no
                // two blocks may add to the same element at once).
                dGamma?.update(repeating: 0, count: affineCount)
                dBeta?.update(repeating: 0, count: affineCount)
                for b in 0..<blocks {
                    let (start, sampleStart) = (b * length, (b / blocksPerSample) * sample)
                    let (m, s) = (saved[b], saved[blocks + b])
                    for i in start..<start + length {
                        let a = (i - sampleStart) / divisor
                        dGamma?[a] += dy[i] * (x[i] - m) * s
                        dBeta?[a] += dy[i]
                    }
                }
            })
    }
}
