import Foundation

/// Local response normalization across channels (ONNX LRN, AlexNet section 3.3, Caffe's
/// `ACROSS_CHANNELS`) of a `[N, C, ...]` tensor of rank 2 to 8:
///
///     square_sum[n, c, s] = Σ x[n, i, s]²  for i in [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉] ∩ [0, C)
///     y[n, c, s] = x[n, c, s] / (bias + alpha / size · square_sum[n, c, s])^beta
///
/// (ONNX operator spec, LRN-1/13; alpha is divided by `size`, as in Caffe and PyTorch.)
public struct LRNConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// Channels in the window, odd or even (ONNX `size`).
    public let size: Int
    /// Scale of the squared sum, divided by `size` (ONNX `alpha`, default 1e-4).
    public let alpha: Float
    /// Exponent of the denominator (ONNX `beta`, default 0.75).
    public let beta: Float
    /// Added to the scaled sum (ONNX `bias`, default 1).
    public let bias: Float

    /// Throws for a size below 1 or a parameter that is not finite.
    public init(size: Int, alpha: Float = 1e-4, beta: Float = 0.75, bias: Float = 1) throws {
        guard size >= 1 else { throw StrataError.invalidArgument("LRN size must be >= 1, got \(size)") }
        for (name, value) in [("alpha", alpha), ("beta", beta), ("bias", bias)] where !value.isFinite {
            throw StrataError.invalidArgument("LRN \(name) must be finite, got \(value)")
        }
        (self.size, self.alpha, self.beta, self.bias) = (size, alpha, beta, bias)
    }

    public var description: String { "LRN size \(size) alpha \(alpha) beta \(beta) bias \(bias)" }

    /// The channels summed for output channel `c`: the spec's window clipped to [0, channels).
    public func window(channel c: Int, channels: Int) -> ClosedRange<Int> {
        max(0, c - (size - 1) / 2)...min(channels - 1, c + size / 2)   // ⌈(size−1)/2⌉ = ⌊size/2⌋
    }

    /// The input shape, unchanged.
    /// - Throws: ``StrataError`` for a rank below 2 (there is no channel axis).
    public func outputShape(input: Shape) throws -> Shape {
        try expectRank(input, 2...Shape.maximumRank, name: "LRN input", layout: "[N, C, ...]")
        return input
    }
}

/// Spatial positions one work item covers: a tile of every channel's plane at one image.
private let lrnTile = 512

/// LRN on raw buffers (see ``LRNConfiguration``). Work items are (image, tile of 512
/// spatial positions); within one, each output channel sums the squares of its window's
/// channels 8 lanes at a time. beta = 0.75 (AlexNet, GoogLeNet, ZFNet, CaffeNet) takes
/// s^−0.75 = 1 / (√s · √√s) in vector registers; other betas use `pow` per element.
///
/// Edges: an 8-lane group whose scale is not within [1e-30, FLT_MAX] (x² overflowed,
/// a NaN, bias 0 with tiny inputs) is recomputed lane by lane in Double: a finite x next
/// to an infinite one gives ±0 (for beta > 0), NaN anywhere in the window gives NaN, and
/// x = ±∞ itself gives the limit of x / (bias + k·x²)^beta as |x| → ∞ with k = alpha/size
/// > 0 and beta > 0: ±0 for beta > 0.5, ±1/√k at 0.5, ±∞ below (onnxruntime: NaN, from ∞·0).
/// - Parameters: x, y: `shape` = `[N, C, ...]`; `y` must not be `x`.
public func localResponseNorm(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape,
    configuration: LRNConfiguration, workers: Int
) {
    guard !shape.isEmpty else { return }
    let (batch, channels) = (shape[0], shape[1])
    let spatial = shape.elementCount / (batch * channels)
    let tiles = (spatial + lrnTile - 1) / lrnTile
    let units = batch * tiles
    let shares = min(units, elementwiseShares(min(configuration.size, channels) * shape.elementCount, workers: workers))
    let k = configuration.alpha / Float(configuration.size)
    let (bias, beta) = (configuration.bias, configuration.beta)
    parallelFor(shares, workers: workers) { share in
        let (u0, u1) = evenSplit(units, parts: shares, part: share)
        for unit in u0..<u1 {
            let (n, tile) = unit.quotientAndRemainder(dividingBy: tiles)
            let s0 = tile * lrnTile
            let s1 = min(spatial, s0 + lrnTile)
            let image = input + n * channels * spatial
            let result = output + n * channels * spatial
            for c in 0..<channels {
                let window = configuration.window(channel: c, channels: channels)
                var j = s0
                while j < s1 {
                    let count = min(8, s1 - j)
                    var sum = FloatVector()
                    for i in window {
                        let v = loadVector(image + i * spatial + j, count: count)
                        sum += v * v
                    }
                    let scale = bias + k * sum
                    let x = loadVector(image + c * spatial + j, count: count)
                    let inRange = (scale .>= 1e-30) .& (scale .<= .greatestFiniteMagnitude)
                    if all(inRange) {
                        let y: FloatVector
                        if beta == 0.75 {
                            let root = scale.squareRoot()
                            y = x / (root * root.squareRoot())
                        } else {
                            var factors = FloatVector()
                            for lane in 0..<count { factors[lane] = Float(Foundation.pow(Double(scale[lane]), Double(-beta))) }
                            y = x * factors
                        }
                        storeVector(y, to: result + c * spatial + j, count: count)
                    } else {
                        for lane in 0..<count {
                            result[c * spatial + j + lane] = lrnElementInDouble(
                                image, channel: c, window: window, position: j + lane, spatial: spatial,
                                configuration: configuration)
                        }
                    }
                    j += count
                }
            }
        }
    }
}

/// One output of LRN in Double, with the edge rules of ``localResponseNorm(_:into:shape:configuration:workers:)``.
private func lrnElementInDouble(
    _ image: UnsafePointer<Float>, channel c: Int, window: ClosedRange<Int>, position: Int, spatial: Int,
    configuration: LRNConfiguration
) -> Float {
    let x = Double(image[c * spatial + position])
    let k = Double(configuration.alpha) / Double(configuration.size)
    let beta = Double(configuration.beta)
    var sum = 0.0
    for i in window {
        let v = Double(image[i * spatial + position])
        sum += v * v
    }
    if sum.isNaN { return .nan }
    if x.isInfinite && k > 0 && beta > 0 {
        let magnitude = beta > 0.5 ? 0 : beta == 0.5 ? 1 / k.squareRoot() : Double.infinity
        return Float(x < 0 ? -magnitude : magnitude)
    }
    return Float(x / Foundation.pow(Double(configuration.bias) + k * sum, beta))
}
