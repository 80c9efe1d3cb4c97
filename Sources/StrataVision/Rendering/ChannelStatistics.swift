import Strata

/// How a feature-map figure turns values into colours.
public enum FeatureMapScaling: String, Sendable, CaseIterable {
    /// One minimum...maximum for the whole layer: equal colours are equal values in every
    /// channel, so strong and weak channels can be compared (matplotlib's shared `vmin`/`vmax`).
    case layer
    /// Each channel scaled to its own minimum...maximum: the pattern inside a weak channel
    /// is as visible as in a strong one, but colours cannot be compared across channels.
    case channel
}

/// One channel's values, over its finite entries: what a figure needs to scale it and to
/// tell dead or constant channels apart, and what the report charts (mean, maximum,
/// fraction of zeros).
public struct ChannelStatistics: Sendable, Equatable {
    /// What a channel holds, as far as a picture can show it.
    public enum Kind: Sendable, Equatable {
        /// At least two different finite values: drawn in viridis.
        case varying
        /// Every value is exactly 0 (a dead ReLU unit, for example).
        case allZero
        /// Every finite value equals `value`, which is not 0.
        case constant(Float)
        /// No finite value at all (NaN or infinite everywhere).
        case nonFinite
    }

    /// The channel's index in the layer.
    public let channel: Int
    /// Smallest finite value (0 when there is none).
    public let minimum: Float
    /// Largest finite value (0 when there is none).
    public let maximum: Float
    /// Mean of the finite values (0 when there is none): what `--top K` ranks by.
    public let mean: Float
    /// How many values are NaN or infinite.
    public let nonFiniteCount: Int
    /// Fraction of the channel's values that are exactly 0, in 0...1 (1 for a ReLU unit
    /// that never fired on this input).
    public let zeroFraction: Float

    /// Whether the channel can be coloured (``Kind/varying``) or is drawn as a hatched
    /// grey tile, and why.
    public var kind: Kind {
        if finiteCount == 0 { return .nonFinite }
        if minimum < maximum { return .varying }
        return minimum == 0 ? .allZero : .constant(minimum)
    }

    private let finiteCount: Int

    /// The statistics of every channel of `map`, `[1, C, H, W]` or `[1, C]` (C values of one
    /// pixel each), in channel order. Sums accumulate in `Double`.
    /// - Throws: `StrataError.invalidShape(_:)` for other shapes.
    public static func of(_ map: Tensor) throws -> [ChannelStatistics] {
        let (c, h, w) = try FeatureMapFigure.channelsHeightWidth(map)
        guard c <= maximumChannels else {
            throw StrataError.invalidArgument(
                "feature map of shape \(map.shape) has \(c) channels; figures draw at most \(maximumChannels) "
                + "(each channel's statistics are kept)")
        }
        let values = map.scalars, plane = h * w
        return (0..<c).map { channel in
            var low = Float.infinity, high = -Float.infinity, sum = 0.0, finite = 0, zeros = 0
            for value in values[(channel * plane)..<((channel + 1) * plane)] where value.isFinite {
                if value == 0 { zeros += 1 }
                low = min(low, value)
                high = max(high, value)
                sum += Double(value)
                finite += 1
            }
            return finite == 0
                ? ChannelStatistics(channel: channel, minimum: 0, maximum: 0, mean: 0, nonFiniteCount: plane,
                                    zeroFraction: 0, finiteCount: 0)
                : ChannelStatistics(channel: channel, minimum: low, maximum: high, mean: Float(sum / Double(finite)),
                                    nonFiniteCount: plane - finite, zeroFraction: Float(zeros) / Float(plane),
                                    finiteCount: finite)
        }
    }

    /// The most channels ``of(_:)`` accepts (about 50 MB of statistics); a figure of more
    /// could not show them apart anyway.
    public static let maximumChannels = 1 << 20

    /// The channels to draw: all in index order, or the `top` ones with the highest mean,
    /// highest first (ties: lower index first; channels without a finite value last).
    public static func chosen(_ statistics: [ChannelStatistics], top: Int?) -> [ChannelStatistics] {
        guard let top else { return statistics }
        return Array(statistics.sorted {
            let (a, b) = ($0.kind == .nonFinite, $1.kind == .nonFinite)
            if a != b { return b }
            return $0.mean != $1.mean ? $0.mean > $1.mean : $0.channel < $1.channel
        }.prefix(top))
    }

    /// The value range colours are taken from: the layer's (over `statistics`, every channel)
    /// or this channel's own.
    static func range(of channel: ChannelStatistics, in statistics: [ChannelStatistics],
                      scaling: FeatureMapScaling) -> (low: Float, high: Float) {
        switch scaling {
        case .channel: (channel.minimum, channel.maximum)
        case .layer: layerRange(statistics)
        }
    }

    /// Minimum and maximum over every channel's finite values (0, 0 when there is none).
    static func layerRange(_ statistics: [ChannelStatistics]) -> (low: Float, high: Float) {
        let finite = statistics.filter { $0.finiteCount > 0 }
        guard !finite.isEmpty else { return (0, 0) }
        return (finite.map(\.minimum).min()!, finite.map(\.maximum).max()!)
    }

    /// "12 of 512 channels all zero, 3 constant": the channels the figure cannot colour.
    /// - Parameter countingConstants: whether to count constant channels (bar charts, one
    ///   value per channel, have no constant-versus-varying distinction).
    static func census(_ statistics: [ChannelStatistics], countingConstants: Bool = true) -> String {
        let zero = statistics.filter { $0.kind == .allZero }.count
        let constant = statistics.filter { if case .constant = $0.kind { true } else { false } }.count
        let broken = statistics.filter { $0.kind == .nonFinite }.count
        var parts = ["\(zero) of \(statistics.count) channels all zero"]
        if countingConstants { parts.append("\(constant) constant") }
        if broken > 0 { parts.append("\(broken) without a finite value") }
        let nonFinite = statistics.reduce(0) { $0 + $1.nonFiniteCount }
        if nonFinite > 0 { parts.append("\(nonFinite) NaN or infinite values (red)") }
        return parts.joined(separator: ", ")
    }
}
