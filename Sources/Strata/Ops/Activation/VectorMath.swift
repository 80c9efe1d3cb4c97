/// The polynomial math the transcendental kernels (activations, softmax) are built on:
/// clamping, |x|, e^x in two parts, and erfc, on 8 lanes (``FloatVector``, `VectorLoops.swift`).

/// min(max(x, low), high) per lane, in that order, as ONNX Clip defines it (Operators.md,
/// Clip: "min(max(input, min), max)"): when low > high every lane becomes `high`. NaN stays
/// NaN, as in onnxruntime. (`replacing` compiles to a blend, the generic `pointwiseMin` did not.)
@inline(__always)
func clamp(_ x: FloatVector, _ low: Float, _ high: Float) -> FloatVector {
    let raised = x.replacing(with: low, where: x .< low)
    return raised.replacing(with: high, where: raised .> high)
}

/// |x| per lane (−0 becomes +0, NaN stays NaN): one AND with the sign bit cleared.
@inline(__always)
func magnitude(_ x: FloatVector) -> FloatVector {
    unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: FloatVector.self)
}

/// e^x as `head · scale`, both normal floats, with `inverseScale` = 1/scale (exact, a power
/// of 2), so that a caller can fold other factors into `head` and round once, even where
/// e^x alone would overflow or be subnormal: `(m · head) · scale`, or
/// `x / (1 + e^−z) = (x / (inverseScale + head)) · inverseScale` with the parts of e^−z.
/// ``vectorExp(_:)`` is `head · scale`.
///
/// Cephes `expf`: x = n·ln2 + r with |r| <= ln2/2, e^r by a degree-6 polynomial (relative
/// error < 1e-7), and 2^n = 2^(n>>1) · 2^(n − n>>1) put straight into the exponent bits of
/// `head` and `scale`, so that n runs from −159 to 159 with both factors normal. x is
/// clamped to [−110, 110]:
/// - below −110 the parts give e^−110 ≈ 1.7e−48, whose product rounds to +0 as e^x does;
///   a caller that multiplies by m must keep |m|·e^−110 < 2^−150 (|m| < 400) there;
/// - above ln FLT_MAX ≈ 88.72, head · scale overflows to +∞ (head and scale stay finite);
/// - NaN stays NaN; between, subnormal results are rounded once, from the product.
@inline(__always)
func vectorExpParts(_ input: FloatVector) -> (head: FloatVector, scale: FloatVector, inverseScale: FloatVector) {
    let x = clamp(input, -110, 110)
    let (n, integer) = nearestMultipleOfLn2(x)
    return exponentialParts(x - n * ln2High - n * ln2Low, integer)
}

/// e^(hi + lo) as ``vectorExpParts(_:)`` does e^x, for an argument carried in two floats
/// (`hi` an exact product such as −a² split by Dekker, |lo| < 4): the reduction
/// r = (hi − n·ln2) + lo keeps lo's bits, so a large argument does not lose ulp(hi)/2 of
/// absolute accuracy (at hi = −80 that would be 4e−6 relative in the result). Unclamped:
/// the caller keeps hi + lo in [−110, 88] (or NaN).
@inline(__always)
func vectorExpParts(_ hi: FloatVector, plus lo: FloatVector) -> (head: FloatVector, scale: FloatVector, inverseScale: FloatVector) {
    let (n, integer) = nearestMultipleOfLn2(hi + lo)
    // hi − n·ln2High is exact (Sterbenz) once |hi| > 4 > 2|lo|, where the two are within a
    // factor 2 of each other; below that, its rounding is far under ulp(r).
    return exponentialParts((hi - n * ln2High) + lo - n * ln2Low, integer)
}

/// e^x per lane: within 1e-7 relative for normal results, subnormal results rounded once,
/// +0 below −103.97 (e^x < 2^−150), +∞ above ln FLT_MAX ≈ 88.72, NaN for NaN (see ``vectorExpParts(_:)``).
@inline(__always)
func vectorExp(_ x: FloatVector) -> FloatVector {
    let (head, scale, _) = vectorExpParts(x)
    return head * scale
}

/// ln 2 in two parts: n·ln2High is exact for |n| < 2^15 (ln2High has 9 significant bits).
private let ln2High: Float = 0.693_359_375
private let ln2Low: Float = -2.121_944_4e-4

/// n = round(x·log2 e), as a float and as an integer. Adding 1.5·2^23 rounds x·log2(e) to
/// an integer held in the low mantissa bits.
@inline(__always)
private func nearestMultipleOfLn2(_ x: FloatVector) -> (FloatVector, SIMD8<Int32>) {
    let shifter = FloatVector(repeating: 12_582_912)
    let shifted = x * 1.442_695_040_888_963_4 + shifter
    return (shifted - shifter, unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000)
}

/// e^r·2^n as (head, scale): the polynomial for e^r, |r| <= ln2/2 (plus any small lo), times
/// 2^(n>>1) and 2^(n − n>>1), each in −80...80 so a normal float, and 2^−(n − n>>1).
@inline(__always)
private func exponentialParts(
    _ r: FloatVector, _ n: SIMD8<Int32>
) -> (head: FloatVector, scale: FloatVector, inverseScale: FloatVector) {
    var p = FloatVector(repeating: 1.987_569_150_0e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * (r * r) + r + 1
    let low = n &>> 1, high = n &- low
    let head = p * unsafeBitCast((low &+ 127) &<< 23, to: FloatVector.self)
    let scale = unsafeBitCast((high &+ 127) &<< 23, to: FloatVector.self)
    return (head, scale, unsafeBitCast((127 &- high) &<< 23, to: FloatVector.self))
}

/// factor·erfc(c·y) for 0 <= c·y <= 10.4 (or NaN) and c = 1 or 1/√2 (`squaredScale` c² = 1
/// or 0.5), by Numerical Recipes' `erfcc` (fractional error < 1.2e-7): with a = c·y,
/// erfc(a) = t·e^(P(t) − a²), t = 1/(1 + a/2). Callers cap y where erfc(a) has underflowed
/// for their factor (erfc(10.4) ≈ 1e−48), which keeps the exponent above −110.
///
/// The exponent −a² is what limits the accuracy in the tail: rounding a or a² costs
/// ulp(a²)/2 absolute, 160 float ulps of relative error at a² = 80. So a² = c²·y² is formed
/// exactly in two parts, c²·yh² + c²·(y − yh)(y + yh) with yh = y cut to 12 significant bits
/// (Dekker; c² is a power of 2), and handed to ``vectorExpParts(_:plus:)``. The result is
/// `(factor · t · head) · scale`, rounded once even where erfc(a) alone is subnormal.
/// Shared by GELU (c = 1/√2) and Erf (c = 1).
@inline(__always)
func vectorErfc(_ y: FloatVector, squaredScale: Float, times factor: FloatVector) -> FloatVector {
    let a = y * squaredScale.squareRoot()
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
    let yh = unsafeBitCast(unsafeBitCast(y, to: SIMD8<UInt32>.self) & 0xFFFF_F000, to: FloatVector.self)
    let (head, scale, _) = vectorExpParts(-squaredScale * (yh * yh), plus: p - squaredScale * ((y - yh) * (y + yh)))
    return (factor * t * head) * scale
}

/// e^x − 1 per lane without the cancellation of `vectorExp(x) − 1` near 0: the Taylor
/// series x + x²/2! + … + x⁸/8! for |x| < 0.5 (truncation below 1.4e-8 relative), e^x − 1
/// beyond (within 3 ulps: e^x is within 1e-7 and |e^x − 1| > 0.39 there). −1 at −∞, +∞ at
/// +∞ and above ln FLT_MAX, NaN for NaN, and x itself for ±0 and subnormal x (the sign of
/// zero kept). Used by ELU, SELU and CELU.
@inline(__always)
func vectorExpm1(_ x: FloatVector) -> FloatVector {
    var p = FloatVector(repeating: 1.0 / 40_320)
    p = p * x + 1.0 / 5_040
    p = p * x + 1.0 / 720
    p = p * x + 1.0 / 120
    p = p * x + 1.0 / 24
    p = p * x + 1.0 / 6
    p = p * x + 0.5
    let series = (x * x * p + x).replacing(with: x, where: x .== 0)
    return (vectorExp(x) - 1).replacing(with: series, where: magnitude(x) .< 0.5)
}

/// ln x per lane, Cephes `logf`: x = m·2^e with m in [√½, √2), ln m = (m − 1) − (m − 1)²/2 +
/// (m − 1)³·P(m − 1) (relative error < 1e-7 over the float range), plus e·ln 2 in two parts.
/// Subnormal x are scaled by 2^23 first, so ln 2^−149 = −103.28 keeps its accuracy.
/// ln(±0) = −∞, ln(+∞) = +∞, NaN below 0 and for NaN.
@inline(__always)
func vectorLog(_ x: FloatVector) -> FloatVector {
    let subnormal = x .< Float.leastNormalMagnitude
    let scaled = x.replacing(with: x * 8_388_608, where: subnormal)
    let bits = unsafeBitCast(scaled, to: SIMD8<Int32>.self)
    var exponent = ((bits &>> 23) & 0xFF) &- 126   // m in [0.5, 1)
    exponent.replace(with: exponent &- 23, where: subnormal)
    var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F00_0000, to: FloatVector.self)
    let below = m .< 0.707_106_781_186_547_524
    exponent.replace(with: exponent &- 1, where: below)
    m = (m - 1).replacing(with: m + m - 1, where: below)
    let e = FloatVector(exponent)
    let z = m * m
    var p = FloatVector(repeating: 7.037_683_629_2e-2)
    p = p * m - 1.151_461_031_0e-1
    p = p * m + 1.167_699_874_0e-1
    p = p * m - 1.242_014_084_6e-1
    p = p * m + 1.424_932_278_7e-1
    p = p * m - 1.666_805_766_5e-1
    p = p * m + 2.000_071_476_5e-1
    p = p * m - 2.499_999_399_3e-1
    p = p * m + 3.333_333_117_4e-1
    var y = p * m * z + e * -2.121_944_40e-4 - 0.5 * z
    y = m + y + e * 0.693_359_375
    return y.replacing(with: -.infinity, where: x .== 0)
        .replacing(with: .nan, where: x .< 0)
        .replacing(with: x, where: x .== .infinity)
        .replacing(with: x, where: x .!= x)
}

/// ln(1 + u) per lane for u >= 0 (or NaN), accurate for tiny u: with w = 1 + u rounded,
/// ln(w)·u/(w − 1) (the rounding error of w cancels), and u itself where w rounds to 1.
@inline(__always)
func vectorLog1p(_ u: FloatVector) -> FloatVector {
    let w = 1 + u
    return (vectorLog(w) * (u / (w - 1))).replacing(with: u, where: w .== 1)
}
