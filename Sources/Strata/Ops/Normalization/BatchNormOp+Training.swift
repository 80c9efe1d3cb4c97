/// BatchNorm in training mode, as `torch.nn.BatchNorm2d` (momentum 0.1, affine, tracking
/// running statistics).
///
/// Train: each channel is normalized with its batch mean and *biased* variance over the
/// M = N·(product of the axes after C) values it has; `running_mean` and `running_var`
/// (parameters 2 and 3, written in place) move towards the batch mean and the *unbiased*
/// variance (·M/(M−1)) with momentum 0.1: `r ← (1 − 0.1)·r + 0.1·batch`. With M = 1 the
/// unbiased variance is undefined (PyTorch refuses to train then); here the running
/// variance then takes the biased one, 0. Eval: the running statistics, as inference.
///
/// Backward (train only), per channel, x̂ = (x − mean)·invstd:
/// `dβ = Σ dy`, `dγ = Σ dy·x̂`, `dx += γ·invstd/M · (M·dy − Σ dy − x̂·Σ dy·x̂)`.
/// Saved: the batch mean `[C]` then invstd = 1/√(var + ε) `[C]`; the backward reads invstd
/// and sums the mean again in Double (see there why), so it works in Double throughout.
extension BatchNormOp: TrainableOp {
    /// The running-average momentum of `torch.nn.BatchNorm2d`'s default.
    public static let trainingMomentum: Float = 0.1

    /// Plans train/eval forward and the backward for an input `[N, C, ...]`.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let shape = inputs[0]
        let (batch, channels) = (shape[0], shape[1])
        let spatial = shape.rank > 2 ? shape.dimensions[2...].reduce(1, *) : 1
        let (epsilon, momentum) = (epsilon, Double(Self.trainingMomentum))
        let count = batch * spatial
        let shares = min(max(workers, 1), max(channels, 1))
        return ClosureTrainingPlan(
            savedCount: 2 * channels,
            forward: { pass in
                let (x, y) = (pass.inputs[0], pass.output)
                let (gamma, beta) = (pass.parameters[0], pass.parameters[1])
                let (runningMean, runningVariance) = (pass.parameters[2], pass.parameters[3])
                if pass.mode == .eval {
                    batchNormInference(x, into: y, shape: shape, scale: gamma, shift: beta, mean: runningMean,
                                       variance: runningVariance, epsilon: epsilon, workers: workers)
                    return
                }
                let saved = pass.saved!
                guard count > 0 else { return }
                parallelFor(shares, workers: workers) { share in
                    let (c0, c1) = evenSplit(channels, parts: shares, part: share)
                    for c in c0..<c1 {
                        // Two passes in Double: the mean, then the squared deviations (no cancellation).
                        var sum = 0.0
                        for n in 0..<batch {
                            let plane = x + (n * channels + c) * spatial
                            for s in 0..<spatial { sum += Double(plane[s]) }
                        }
                        let mean = sum / Double(count)
                        var squares = 0.0
                        for n in 0..<batch {
                            let plane = x + (n * channels + c) * spatial
                            for s in 0..<spatial {
                                let d = Double(plane[s]) - mean
                                squares += d * d
                            }
                        }
                        let variance = squares / Double(count)
                        let invstd = 1 / (variance + Double(epsilon)).squareRoot()
                        saved[c] = Float(mean)
                        saved[channels + c] = Float(invstd)
                        // (x − mean)·scale + β, not x·scale + (β − mean·scale): with a small
                        // variance the two large terms of the latter cancel (1e-4 off at invstd 316).
                        let (center, scale, shift) = (Float(mean), Float(invstd * Double(gamma[c])), beta[c])
                        for n in 0..<batch {
                            let (plane, out) = (x + (n * channels + c) * spatial, y + (n * channels + c) * spatial)
                            for s in 0..<spatial { out[s] = (plane[s] - center) * scale + shift }
                        }
                        let unbiased = count > 1 ? squares / Double(count - 1) : variance
                        runningMean[c] = Float((1 - momentum) * Double(runningMean[c]) + momentum * mean)
                        runningVariance[c] = Float((1 - momentum) * Double(runningVariance[c]) + momentum * unbiased)
                    }
                }
            },
            backward: { pass in
                guard count > 0, let saved = pass.saved else { return }
                let (x, dy, gamma) = (pass.inputs[0], pass.outputGradient, pass.parameters[0])
                let (dx, dGamma, dBeta) = (pass.inputGradients[0], pass.parameterGradients[0], pass.parameterGradients[1])
                parallelFor(shares, workers: workers) { share in
                    let (c0, c1) = evenSplit(channels, parts: shares, part: share)
                    for c in c0..<c1 {
                        // The mean again in Double: x − mean with the float-rounded saved mean
                        // loses the low bits when a channel's values sit close together.
                        var sum = 0.0
                        for n in 0..<batch {
                            let offset = (n * channels + c) * spatial
                            for s in 0..<spatial { sum += Double(x[offset + s]) }
                        }
                        let (mean, invstd) = (sum / Double(count), Double(saved[channels + c]))
                        var (sumDy, sumDyXhat) = (0.0, 0.0)
                        for n in 0..<batch {
                            let offset = (n * channels + c) * spatial
                            for s in 0..<spatial {
                                let g = Double(dy[offset + s])
                                sumDy += g
                                sumDyXhat += g * (Double(x[offset + s]) - mean) * invstd
                            }
                        }
                        dBeta?[c] = Float(sumDy)
                        dGamma?[c] = Float(sumDyXhat)
                        guard let dx else { continue }
                        let k = Double(gamma[c]) * invstd
                        let (meanDy, meanDyXhat) = (sumDy / Double(count), sumDyXhat / Double(count))
                        for n in 0..<batch {
                            let offset = (n * channels + c) * spatial
                            for s in 0..<spatial {
                                let xhat = (Double(x[offset + s]) - mean) * invstd
                                // γ·invstd/M·(M·dy − Σdy − x̂·Σdy·x̂), the sums divided by M first.
                                dx[offset + s] += Float(k * (Double(dy[offset + s]) - meanDy - xhat * meanDyXhat))
                            }
                        }
                    }
                }
            })
    }
}
