/// A pointwise activation: a layer of its own, or the fused epilogue that convolution and
/// linear kernels apply to each output run right after the GEMM, while it is in cache.
///
/// ```swift
/// Activation.relu6.apply(y, count: n)                      // in place on y[0..<n]
/// Activation.gelu.apply(x, into: y, count: n, workers: 4)  // a stand-alone layer
/// ```
///
/// Every kernel works on 8 lanes at a time (`SIMD8<Float>`: two SSE or one AVX register).
/// The transcendental ones use the polynomial ``vectorExp(_:)`` (`VectorMath.swift`) instead
/// of libm, so they vectorize too; each is within a few float ulps of the exact function
/// (tested against Double on a dense grid) and returns the function's limits at ±∞ and
/// huge magnitudes, NaN for NaN (`ActivationFunctions.swift` has the edge rules).
public enum Activation: Hashable, Sendable {
    /// max(0, x)
    case relu
    /// x for x >= 0, alpha·x otherwise.
    case leakyReLU(alpha: Float)
    /// min(max(x, min), max), in that order (ONNX Clip): every output is `max` when min > max;
    /// NaN stays NaN. ReLU6 is clip(min: 0, max: 6), see ``relu6``.
    case clip(min: Float, max: Float)
    /// 1 / (1 + e^−x)
    case sigmoid
    /// (e^x − e^−x) / (e^x + e^−x)
    case tanh
    /// 0.5·x·(1 + erf(x/√2)): exact GELU, PyTorch's default.
    case gelu
    /// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))): PyTorch `GELU(approximate="tanh")`.
    case geluTanh
    /// x·sigmoid(x), also called swish.
    case silu
    /// max(0, min(1, alpha·x + beta)), as ONNX HardSigmoid (whose defaults are 0.2, 0.5).
    case hardSigmoid(alpha: Float, beta: Float)
    /// x·max(0, min(1, x/6 + 0.5)) = x·min(max(x + 3, 0), 6)/6, as PyTorch Hardswish.
    case hardSwish
    /// erf(x) = 2/√π·∫₀ˣ e^(−t²) dt (ONNX Erf; exported GELU graphs before opset 20 use it).
    case erf

    /// min(max(x, 0), 6)
    public static let relu6 = Activation.clip(min: 0, max: 6)
    /// PyTorch `Hardsigmoid`: max(0, min(1, x/6 + 1/2)).
    public static let pytorchHardSigmoid = Activation.hardSigmoid(alpha: 1.0 / 6, beta: 0.5)

    /// A short name for model summaries, such as `relu6` or `leakyReLU(0.1)`.
    public var name: String {
        switch self {
        case .relu: "relu"
        case .leakyReLU(let alpha): "leakyReLU(\(alpha))"
        case .clip(min: 0, max: 6): "relu6"
        case .clip(let low, let high): "clip(\(low), \(high))"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .gelu: "gelu"
        case .geluTanh: "geluTanh"
        case .silu: "silu"
        case .hardSigmoid(let alpha, let beta): "hardSigmoid(\(alpha), \(beta))"
        case .hardSwish: "hardSwish"
        case .erf: "erf"
        }
    }

    /// Applies the activation in place to `values[0..<count]` on the calling thread.
    public func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        apply(UnsafePointer(values), into: values, count: count)
    }

    /// `output[i] = f(input[i])` for `i in 0..<count` on the calling thread. `output` may be
    /// `input` (in place); any other overlap is not allowed.
    public func apply(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .relu: mapVectors(input, output, count: count, ReLU())
        case .leakyReLU(let alpha): mapVectors(input, output, count: count, LeakyReLU(alpha: alpha))
        case .clip(let low, let high): mapVectors(input, output, count: count, Clip(low: low, high: high))
        case .sigmoid: mapVectors(input, output, count: count, Sigmoid())
        case .tanh: mapVectors(input, output, count: count, Tanh())
        case .gelu: mapVectors(input, output, count: count, Gelu())
        case .geluTanh: mapVectors(input, output, count: count, GeluTanh())
        case .silu: mapVectors(input, output, count: count, SiLU())
        case .hardSigmoid(let alpha, let beta): mapVectors(input, output, count: count, HardSigmoid(alpha: alpha, beta: beta))
        case .hardSwish: mapVectors(input, output, count: count, HardSwish())
        case .erf: mapVectors(input, output, count: count, Erf())
        }
    }

    /// ``apply(_:into:count:)`` split into equal chunks over `workers` threads (inline when
    /// the run is too short to be worth waking the pool).
    public func apply(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, workers: Int) {
        let shares = elementwiseShares(count, workers: workers)
        parallelFor(shares, workers: workers) { share in
            let (start, end) = evenSplit(count, parts: shares, part: share)
            apply(input + start, into: output + start, count: end - start)
        }
    }
}
