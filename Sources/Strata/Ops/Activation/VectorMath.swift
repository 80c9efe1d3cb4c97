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
