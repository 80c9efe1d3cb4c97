/// A pointwise activation: a layer of its own, or the fused epilogue that convolution and
/// linear kernels apply to each output run right after the GEMM, while it is in cache.
///
/// ```swift
/// Activation.relu6.apply(y, count: n)                      // in place on y[0..<n]
/// Activation.gelu.apply(x, into: y, count: n, workers: 4)  // a stand-alone layer
/// ```
///
/// Every kernel works on 8 lanes at a time (`SIMD8<Float>`: two SSE or one AVX register).
/// The transcendental ones use the polynomial `vectorExp(_:)` (`VectorMath.swift`) instead
/// of libm, so they vectorize too; each is within a few float ulps of the exact function
/// (tested against Double on a dense grid) and returns the function's limits at ±∞ and
/// huge magnitudes, NaN for NaN (the kernels below have the edge rules).
///
/// Adding an activation: its case, its ``spelling`` and its line in
/// ``apply(_:into:count:)`` in this file, its kernel in one of the kernel files beside it; its reference function
/// with its entry in `Reference.activations` (StrataReference/ReferenceActivations.swift);
/// and, for ONNX, a line in StrataONNX's op table.
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
    /// x / (1 + |x|) (ONNX Softsign): ±1 at ±∞.
    case softsign

    // Unary math (ONNX Sqrt, Exp, Log, Abs, Neg, Reciprocal, Floor, Ceil, Round, Sign):
    // IEEE results, NaN for NaN.
    /// √x, correctly rounded: √−0 = −0, NaN below 0.
    case sqrt
    /// e^x: +0 at −∞ and below −103.97 (subnormal results kept), +∞ above ln FLT_MAX.
    case exp
    /// ln x: −∞ at ±0, NaN below 0, accurate for subnormal x (ln 2^−149 = −103.28).
    case log
    /// |x|
    case abs
    /// −x
    case neg
    /// 1/x: ±∞ at ±0.
    case reciprocal
    /// ⌊x⌋ (keeps −0).
    case floor
    /// ⌈x⌉ (⌈−0.5⌉ = −0).
    case ceil
    /// x rounded to the nearest integer, halves to even (ONNX Round: 2.5 → 2, −0.5 → −0).
    case round
    /// 1 for x > 0, −1 for x < 0, 0 for ±0 (+0, as onnxruntime), NaN for NaN.
    case sign

    // Exponential activations (ONNX Elu, Selu, Celu, Softplus, Mish).
    /// x for x >= 0, alpha·(e^x − 1) otherwise (ONNX Elu, default alpha 1).
    case elu(alpha: Float)
    /// gamma·x for x > 0, gamma·alpha·(e^x − 1) otherwise (ONNX Selu; its defaults are
    /// alpha 1.67326319, gamma 1.05070102).
    case selu(alpha: Float, gamma: Float)
    /// max(0, x) + min(0, alpha·(e^(x/alpha) − 1)) (ONNX Celu, default alpha 1).
    case celu(alpha: Float)
    /// ln(1 + e^x), as max(x, 0) + ln(1 + e^−|x|): x for large x, e^x (subnormal too) for
    /// very negative x.
    case softplus
    /// x·tanh(ln(1 + e^x)) (ONNX Mish, Misra 2019): −0 at −∞ (the limit; onnxruntime: NaN).
    case mish

    // Piecewise and logic.
    /// x for x > alpha, 0 otherwise (ONNX ThresholdedRelu, default alpha 1): NaN gives 0, as
    /// the formula and onnxruntime do.
    case thresholdedReLU(alpha: Float)
    /// x + bias for x < −lambd, x − bias for x > lambd, 0 otherwise (ONNX Shrink, defaults
    /// bias 0, lambd 0.5): NaN gives 0, as the formula and onnxruntime do.
    case shrink(bias: Float, lambd: Float)
    /// 1 where x == 0, else 0: ONNX Not on a BOOL tensor held as float 0/1 (NaN counts as
    /// true, as a C cast to bool does, so it gives 0).
    case logicalNot
    /// x rounded to `format` and held as float (ONNX Cast and CastLike at run time):
    /// see ``NumericFormat`` for the rules (FLOAT16 rounds through `Float16`, integers
    /// truncate toward zero, BOOL is x != 0).
    case cast(NumericFormat)

    /// min(max(x, 0), 6)
    public static let relu6 = Activation.clip(min: 0, max: 6)
    /// PyTorch `Hardsigmoid`: max(0, min(1, x/6 + 1/2)).
    public static let pytorchHardSigmoid = Activation.hardSigmoid(alpha: 1.0 / 6, beta: 0.5)

    /// The case's name and its parameters in order, as the reference table looks an
    /// activation up (`Reference.activations` in StrataReference): `("leakyReLU", [0.1])`,
    /// `("clip", [0, 6])`, `("relu", [])`.
    public var spelling: (function: String, parameters: [Float]) {
        switch self {
        case .relu: ("relu", [])
        case .leakyReLU(let alpha): ("leakyReLU", [alpha])
        case .clip(let low, let high): ("clip", [low, high])
        case .sigmoid: ("sigmoid", [])
        case .tanh: ("tanh", [])
        case .gelu: ("gelu", [])
        case .geluTanh: ("geluTanh", [])
        case .silu: ("silu", [])
        case .hardSigmoid(let alpha, let beta): ("hardSigmoid", [alpha, beta])
        case .hardSwish: ("hardSwish", [])
        case .erf: ("erf", [])
        case .softsign: ("softsign", [])
        case .sqrt: ("sqrt", [])
        case .exp: ("exp", [])
        case .log: ("log", [])
        case .abs: ("abs", [])
        case .neg: ("neg", [])
        case .reciprocal: ("reciprocal", [])
        case .floor: ("floor", [])
        case .ceil: ("ceil", [])
        case .round: ("round", [])
        case .sign: ("sign", [])
        case .elu(let alpha): ("elu", [alpha])
        case .selu(let alpha, let gamma): ("selu", [alpha, gamma])
        case .celu(let alpha): ("celu", [alpha])
        case .softplus: ("softplus", [])
        case .mish: ("mish", [])
        case .thresholdedReLU(let alpha): ("thresholdedReLU", [alpha])
        case .shrink(let bias, let lambd): ("shrink", [bias, lambd])
        case .logicalNot: ("logicalNot", [])
        case .cast(let format): ("cast", format.parameters)
        }
    }

    /// A short name for model summaries, such as `relu6` or `leakyReLU(0.1)`: the
    /// ``spelling``, parameters in parentheses.
    public var name: String {
        if self == .relu6 { return "relu6" }
        let (function, parameters) = spelling
        return parameters.isEmpty ? function : "\(function)(\(parameters.map { "\($0)" }.joined(separator: ", ")))"
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
        case .softsign: mapVectors(input, output, count: count, Softsign())
        case .sqrt: mapVectors(input, output, count: count, SquareRoot())
        case .exp: mapVectors(input, output, count: count, Exponential())
        case .log: mapVectors(input, output, count: count, Logarithm())
        case .abs: mapVectors(input, output, count: count, Magnitude())
        case .neg: mapVectors(input, output, count: count, Negation())
        case .reciprocal: mapVectors(input, output, count: count, Reciprocal())
        case .floor: mapVectors(input, output, count: count, RoundToIntegral(rule: .down))
        case .ceil: mapVectors(input, output, count: count, RoundToIntegral(rule: .up))
        case .round: mapVectors(input, output, count: count, RoundToIntegral(rule: .toNearestOrEven))
        case .sign: mapVectors(input, output, count: count, Signum())
        case .elu(let alpha): mapVectors(input, output, count: count, ELU(alpha: alpha, gamma: 1))
        case .selu(let alpha, let gamma): mapVectors(input, output, count: count, ELU(alpha: alpha, gamma: gamma))
        case .celu(let alpha): mapVectors(input, output, count: count, CELU(alpha: alpha))
        case .softplus: mapVectors(input, output, count: count, Softplus())
        case .mish: mapVectors(input, output, count: count, Mish())
        case .thresholdedReLU(let alpha): mapVectors(input, output, count: count, ThresholdedReLU(alpha: alpha))
        case .shrink(let bias, let lambd): mapVectors(input, output, count: count, Shrink(bias: bias, lambd: lambd))
        case .logicalNot: mapVectors(input, output, count: count, LogicalNot())
        case .cast(let format): castValues(input, output, count: count, to: format)
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

