/// Naive normalizations on `[N, C, ...]` arrays: statistics gathered element by element
/// into Double, two-pass mean and biased variance, then the textbook formula.
extension Reference {
    /// y = (x − mean[c]) / sqrt(variance[c] + epsilon) · scale[c] + shift[c]
    public static func batchNorm<T: BinaryFloatingPoint>(
        _ x: [T], shape: [Int], scale: [T], shift: [T], mean: [T], variance: [T], epsilon: Float
    ) -> [T] {
        let (batch, channels, spatial) = channelLayout(shape)
        var y = [T](repeating: 0, count: x.count)
        for n in 0..<batch {
            for c in 0..<channels {
                let deviation = (Double(variance[c]) + Double(epsilon)).squareRoot()
                for s in 0..<spatial {
                    let i = (n * channels + c) * spatial + s
                    y[i] = T((Double(x[i]) - Double(mean[c])) / deviation * Double(scale[c]) + Double(shift[c]))
                }
            }
        }
        return y
    }

    /// Statistics per image and group of C/groups consecutive channels, then
    /// y = (x − μ) / sqrt(σ² + epsilon) · gamma[c] + beta[c] (gamma 1 and beta 0 when nil).
    public static func groupNorm<T: BinaryFloatingPoint>(
        _ x: [T], shape: [Int], groups: Int, gamma: [T]?, beta: [T]?, epsilon: Float
    ) -> [T] {
        let (batch, channels, spatial) = channelLayout(shape)
        precondition(channels % groups == 0)
        let groupChannels = channels / groups
        var y = [T](repeating: 0, count: x.count)
        for n in 0..<batch {
            for g in 0..<groups {
                var indices: [Int] = []
                for c in g * groupChannels..<(g + 1) * groupChannels {
                    for s in 0..<spatial { indices.append((n * channels + c) * spatial + s) }
                }
                let (mean, variance) = meanAndVariance(indices.map { Double(x[$0]) })
                for i in indices {
                    let c = i / spatial % channels
                    let normalized = (Double(x[i]) - mean) / (variance + Double(epsilon)).squareRoot()
                    y[i] = T(normalized * Double(gamma?[c] ?? 1) + Double(beta?[c] ?? 0))
                }
            }
        }
        return y
    }

    /// Statistics per image and channel, then y = (x − μ) / sqrt(σ² + epsilon) · gamma[c] + beta[c].
    public static func instanceNorm<T: BinaryFloatingPoint>(
        _ x: [T], shape: [Int], gamma: [T]?, beta: [T]?, epsilon: Float
    ) -> [T] {
        let (batch, channels, spatial) = channelLayout(shape)
        var y = [T](repeating: 0, count: x.count)
        for n in 0..<batch {
            for c in 0..<channels {
                let start = (n * channels + c) * spatial
                let (mean, variance) = meanAndVariance(x[start..<start + spatial].map(Double.init))
                for i in start..<start + spatial {
                    let normalized = (Double(x[i]) - mean) / (variance + Double(epsilon)).squareRoot()
                    y[i] = T(normalized * Double(gamma?[c] ?? 1) + Double(beta?[c] ?? 0))
                }
            }
        }
        return y
    }

    /// Statistics over the axes from `axis` (0..<rank) on, per index of the axes before it;
    /// y = (x − μ) / sqrt(σ² + epsilon) · gamma[i] + beta[i], gamma and beta shaped like
    /// those trailing axes.
    public static func layerNorm<T: BinaryFloatingPoint>(
        _ x: [T], shape: [Int], axis: Int, gamma: [T]?, beta: [T]?, epsilon: Float
    ) -> [T] {
        let inner = shape[axis...].reduce(1, *)
        let outer = shape[..<axis].reduce(1, *)
        var y = [T](repeating: 0, count: x.count)
        for o in 0..<outer {
            let (mean, variance) = meanAndVariance(x[o * inner..<(o + 1) * inner].map(Double.init))
            for i in 0..<inner {
                let normalized = (Double(x[o * inner + i]) - mean) / (variance + Double(epsilon)).squareRoot()
                y[o * inner + i] = T(normalized * Double(gamma?[i] ?? 1) + Double(beta?[i] ?? 0))
            }
        }
        return y
    }

    /// (N, C, product of the remaining axes) of a `[N, C, ...]` shape.
    private static func channelLayout(_ shape: [Int]) -> (Int, Int, Int) {
        precondition(shape.count >= 2)
        return (shape[0], shape[1], shape[2...].reduce(1, *))
    }

    /// Mean, then the mean squared deviation from it (biased variance).
    private static func meanAndVariance(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance)
    }
}
