/// A pointwise activation: a layer of its own, or the fused epilogue that convolution and
/// linear kernels apply to each output run right after the GEMM, while it is in cache.
///
/// ```swift
/// Activation.relu6.apply(y, count: n)                      // in place on y[0..<n]
/// Activation.gelu.apply(x, into: y, count: n, workers: 4)  // a stand-alone layer
/// ```
///
/// Every kernel works on 8 lanes at a time (`SIMD8<Float>`: two SSE or one AVX register).
/// The transcendental ones use the polynomial ``vectorExp(_:)`` below instead of libm, so
/// they vectorize too; each is within a few float ulps of the exact function (tested
/// against Double on a dense grid).
public enum Activation: Hashable, Sendable {
    /// max(0, x)
    case relu
    /// x for x >= 0, alpha·x otherwise.
    case leakyReLU(alpha: Float)
    /// min(max(x, min), max). ReLU6 is clip(min: 0, max: 6), see ``relu6``.
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

// MARK: - The activations as vector functions

private struct ReLU: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x.replacing(with: 0, where: x .< 0) }
}

private struct LeakyReLU: VectorFunction {
    let alpha: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x.replacing(with: x * alpha, where: x .< 0) }
}

private struct Clip: VectorFunction {
    let low: Float, high: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { clamp(x, low, high) }
}

private struct Sigmoid: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { 1 / (1 + vectorExp(-x)) }
}

/// Cephes `tanhf`: an odd polynomial for |x| < 0.625 (where 1 − 2/(e^2x + 1) would
/// cancel), 1 − 2/(e^2|x| + 1) with the sign restored elsewhere.
private struct Tanh: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let negative = x .< 0
        let magnitude = x.replacing(with: -x, where: negative)
        let s = x * x
        var p = FloatVector(repeating: -5.704_988_727_45e-3)
        p = p * s + 2.063_908_879_54e-2
        p = p * s - 5.373_971_555_31e-2
        p = p * s + 1.333_144_220_36e-1
        p = p * s - 3.333_328_194_22e-1
        let small = p * s * x + x
        let large = 1 - 2 / (vectorExp(2 * magnitude) + 1)
        return large.replacing(with: -large, where: negative).replacing(with: small, where: magnitude .< 0.625)
    }
}

/// GELU through erfc, so the negative tail keeps its relative accuracy (1 + erf would
/// cancel): with a = |x|/√2, erfc(a) = t·e^(P(t) − a²), t = 1/(1 + a/2) (Numerical Recipes
/// `erfcc`, fractional error < 1.2e-7), and
///     x <= 0: 0.5·x·erfc(a)          x > 0: x − 0.5·x·erfc(a).
private struct Gelu: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let scaled = x * 0.707_106_781_186_547_5
        let a = scaled.replacing(with: -scaled, where: scaled .< 0)
        let halfTail = 0.5 * x * vectorErfc(a)
        return (x - halfTail).replacing(with: halfTail, where: x .<= 0)
    }
}

/// 0.5·(1 + tanh(u)) = sigmoid(2u), so x·sigmoid(2u): no cancellation for very negative x.
private struct GeluTanh: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let u = 0.797_884_560_802_865_4 * (x + 0.044715 * x * x * x)
        return x / (1 + vectorExp(-2 * u))
    }
}

private struct SiLU: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x / (1 + vectorExp(-x)) }
}

private struct HardSigmoid: VectorFunction {
    let alpha: Float, beta: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { clamp(x * alpha + beta, 0, 1) }
}

private struct HardSwish: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x * clamp(x + 3, 0, 6) / 6 }
}

/// erf(x) = sign(x)·(1 − erfc(|x|)) with GELU's erfc (fractional error < 1.2e-7), so the
/// absolute error stays below 2e-7 everywhere.
private struct Erf: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let a = x.replacing(with: -x, where: x .< 0)
        let magnitude = 1 - vectorErfc(a)
        return magnitude.replacing(with: -magnitude, where: x .< 0)
    }
}

// MARK: - Vector helpers (shared by the other kernels in this folder)

/// The engine's vector type: 8 float lanes.
typealias FloatVector = SIMD8<Float>

/// A function on 8 lanes. The vector loops take it as a generic type, not a closure: the
/// specialized loop inlines it, while a closure literal stayed a call per vector
/// (measured: ReLU at 0.20 instead of 0.07 ns per element).
protocol VectorFunction {
    func callAsFunction(_ x: FloatVector) -> FloatVector
}

@inline(__always)
func loadVector(_ pointer: UnsafePointer<Float>) -> FloatVector {
    UnsafeRawPointer(pointer).loadUnaligned(as: FloatVector.self)
}

/// The first `count` floats at `pointer` (8 when count >= 8), the other lanes `padding`.
@inline(__always)
func loadVector(_ pointer: UnsafePointer<Float>, count: Int, padding: Float = 0) -> FloatVector {
    if count >= 8 { return loadVector(pointer) }
    var vector = FloatVector(repeating: padding)
    for lane in 0..<count { vector[lane] = pointer[lane] }
    return vector
}

@inline(__always)
func storeVector(_ vector: FloatVector, to pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: FloatVector.self)
}

/// Stores the first `count` lanes (all 8 when count >= 8).
@inline(__always)
func storeVector(_ vector: FloatVector, to pointer: UnsafeMutablePointer<Float>, count: Int) {
    if count >= 8 { return storeVector(vector, to: pointer) }
    for lane in 0..<count { pointer[lane] = vector[lane] }
}

/// `y[i] = f(x[i])` 8 lanes at a time; the last partial vector goes through the same `f`
/// (zero-padded), so every element sees the same arithmetic. `y` may be `x`.
@inline(__always)
func mapVectors<F: VectorFunction>(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, _ f: F) {
    var i = 0
    while i + 8 <= count {
        storeVector(f(loadVector(x + i)), to: y + i)
        i += 8
    }
    if i < count {
        storeVector(f(loadVector(x + i, count: count - i)), to: y + i, count: count - i)
    }
}

/// min(max(x, low), high) per lane; NaN stays NaN. (`replacing` compiles to a blend, the
/// generic `pointwiseMin` did not.)
@inline(__always)
func clamp(_ x: FloatVector, _ low: Float, _ high: Float) -> FloatVector {
    x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
}

/// e^x, Cephes `expf`: x = n·ln2 + r with |r| <= ln2/2, e^r by a degree-6 polynomial, 2^n
/// put straight into the exponent bits. Relative error < 1e-7 on [−87, 88]; the input
/// is clamped to [−87.3, 88.3] so 2^n stays a normal float (e^−87.3 ≈ 1.2e−38).
@inline(__always)
func vectorExp(_ input: FloatVector) -> FloatVector {
    let x = clamp(input, -87.3, 88.3)
    // Adding 1.5·2^23 rounds x·log2(e) to an integer n held in the low mantissa bits.
    let shifter = FloatVector(repeating: 12_582_912)
    let shifted = x * 1.442_695_040_888_963_4 + shifter
    let n = shifted - shifter
    var r = x - n * 0.693_359_375          // ln 2 in two parts: r = x − n·ln2, exactly
    r = r - n * -2.121_944_4e-4
    var p = FloatVector(repeating: 1.987_569_150_0e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * (r * r) + r + 1
    let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
    return p * unsafeBitCast(exponent, to: FloatVector.self)
}

/// erfc(a) for a >= 0 by Numerical Recipes' `erfcc` (fractional error < 1.2e-7), shared by
/// GELU and Erf.
@inline(__always)
private func vectorErfc(_ a: FloatVector) -> FloatVector {
        let t = 1 / (1 + 0.5 * a)
        var p = FloatVector(repeating: 0.170_872_77)
        p = p * t - 0.822_152_23
        p = p * t + 1.488_515_87
        p = p * t - 1.135_203_98
        p = p * t + 0.278_868_07
        p = p * t - 0.186_288_06
        p = p * t + 0.096_784_18
        p = p * t + 0.374_091_96
        p = p * t + 1.000_023_68
        p = p * t - 1.265_512_23
        return t * vectorExp(p - a * a)
}
