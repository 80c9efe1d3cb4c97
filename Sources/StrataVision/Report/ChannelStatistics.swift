import Strata

/// What one channel of a feature map holds, for spotting dead units at a glance: the mean,
/// the maximum and the fraction of exact zeros (a ReLU channel at 1.0 never fired on this
/// input).
public struct ChannelStatistics: Sendable, Equatable {
    /// Mean over the channel's H·W values.
    public let mean: Float
    /// Largest value of the channel.
    public let maximum: Float
    /// Fraction of the channel's values that are exactly 0, in 0...1.
    public let zeroFraction: Float

    /// Statistics with these values (``of(_:)`` computes them from a map).
    public init(mean: Float, maximum: Float, zeroFraction: Float) {
        (self.mean, self.maximum, self.zeroFraction) = (mean, maximum, zeroFraction)
    }

    /// Per-channel statistics of batch item 0 of `map`: `[N, C, H, W]` (each channel an
    /// H×W plane) or `[N, C]` (each channel one value). The mean accumulates in `Double`.
    /// - Throws: ``StrataError/invalidShape(_:)`` for other ranks or an empty batch, channel
    ///   or plane.
    public static func of(_ map: Tensor) throws -> [ChannelStatistics] {
        let d = map.shape.dimensions
        guard (d.count == 4 || d.count == 2), d.allSatisfy({ $0 >= 1 }) else {
            throw StrataError.invalidShape("feature map of shape \(map.shape); expected [N, C, H, W] or [N, C] with no empty axis")
        }
        let channels = d[1], plane = d.count == 4 ? d[2] * d[3] : 1
        let values = map.scalars
        return (0..<channels).map { channel in
            let slice = values[(channel * plane)..<((channel + 1) * plane)]
            var sum = 0.0, zeros = 0
            for value in slice {
                sum += Double(value)
                if value == 0 { zeros += 1 }
            }
            return ChannelStatistics(mean: Float(sum / Double(plane)), maximum: slice.max()!,
                                     zeroFraction: Float(zeros) / Float(plane))
        }
    }
}
