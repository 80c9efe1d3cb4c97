/// The activations of ``Activation`` as 8-lane vector functions (``VectorFunction``), so the
/// loops in ``mapVectors(_:_:count:_:)`` specialize and inline them.
///
/// Edges, for every function here: ±∞ gives the function's limit (the sign of a zero limit
/// included: GELU, SiLU and HardSwish tend to −0 at −∞, not to ∞·0 = NaN), huge finite
/// magnitudes give the exact asymptote (no clamped exponent leaves a residue: SiLU(−FLT_MAX)
/// is −0, not −1.5), NaN gives NaN, and subnormal inputs and outputs keep their accuracy.
/// `ActivationEdgeTests` pins all of it against the Double reference. (The unary math, the
/// exponential activations and the casts have their kernels in `UnaryMathKernels.swift`,
/// `ExponentialKernels.swift` and `NumericFormat.swift`.)

struct ReLU: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x.replacing(with: 0, where: x .< 0) }
}

struct LeakyReLU: VectorFunction {
    let alpha: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x.replacing(with: x * alpha, where: x .< 0) }
}

/// min(max(x, low), high): `high` everywhere when low > high (ONNX Clip); see ``clamp(_:_:_:)``.
struct Clip: VectorFunction {
    let low: Float, high: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { clamp(x, low, high) }
}

/// 1/(1 + e^−x) = i/(i + h) with e^−x = h·s and i = 1/s (``vectorExpParts(_:)``): one
/// division, no overflow (e^−x itself overflows below x = −88.7), and one rounding, so
/// tiny results keep their accuracy down to subnormals and sigmoid(−∞) is exactly 0.
struct Sigmoid: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let (head, _, inverseScale) = vectorExpParts(-x)
        return inverseScale / (inverseScale + head)
    }
}

/// Cephes `tanhf`: an odd polynomial for |x| < 0.625 (where 1 − 2/(e^2x + 1) would
/// cancel), 1 − 2/(e^2|x| + 1) with the sign restored elsewhere. tanh(±0) = ±0 is
/// selected explicitly: the polynomial's x + x³·P adds a zero of the opposite sign.
struct Tanh: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let negative = x .< 0
        let a = magnitude(x)
        let s = x * x
        var p = FloatVector(repeating: -5.704_988_727_45e-3)
        p = p * s + 2.063_908_879_54e-2
        p = p * s - 5.373_971_555_31e-2
        p = p * s + 1.333_144_220_36e-1
        p = p * s - 3.333_328_194_22e-1
        let small = p * s * x + x
        let large = 1 - 2 / (vectorExp(2 * a) + 1)
        return large.replacing(with: -large, where: negative).replacing(with: small, where: a .< 0.625)
            .replacing(with: x, where: x .== 0)
    }
}

/// x·sigmoid(z) = x/(1 + e^−z) = (x/(i + h))·i with e^−z = h·s and i = 1/s
/// (``vectorExpParts(_:)``): no overflow where e^−z does, and x·e^z rounded once even where
/// it is tiny. The callers raise x where the result has underflowed to −0 anyway, so that
/// x is finite and |x|·e^z < 2^−150 wherever z < −110 (where e^−z is clamped).
@inline(__always)
private func timesSigmoid(_ x: FloatVector, _ z: FloatVector) -> FloatVector {
    let (head, _, inverseScale) = vectorExpParts(-z)
    return x / (inverseScale + head) * inverseScale
}

/// GELU through erfc, so the negative tail keeps its relative accuracy (1 + erf would
/// cancel): with a = |x|/√2,
///     x <= 0: 0.5·x·erfc(a)          x > 0: x − 0.5·x·erfc(a),
/// erfc by ``vectorErfc(_:squaredScale:times:)`` (fractional error < 1.2e-7) with the factor
/// 0.5·x folded in, so a result near the subnormal range is rounded once. The tail term is
/// computed from x clamped to ±14.5, where 0.5·x·erfc(a) ≈ 8e−47 has already rounded to ±0:
/// GELU(x) is then exactly −0 for x <= −14.5 (−∞ included) and x for x >= 14.5 (+∞ too).
struct Gelu: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let clamped = clamp(x, -14.5, 14.5)
        let halfTail = vectorErfc(magnitude(clamped), squaredScale: 0.5, times: 0.5 * clamped)
        return (x - halfTail).replacing(with: halfTail, where: x .<= 0)
    }
}

/// 0.5·x·(1 + tanh(u)) = x·sigmoid(2u), u = √(2/π)·(x + 0.044715·x³): no cancellation for
/// very negative x. x is raised to −12 first (−12·sigmoid(2u) ≈ −3e−61 rounds to −0, as
/// everything below does, −∞ included); where x³ overflows for large positive x, u = +∞ and
/// the result is x.
struct GeluTanh: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let raised = x.replacing(with: -12, where: x .< -12)
        let u = 0.797_884_560_802_865_4 * (raised + 0.044715 * raised * raised * raised)
        return timesSigmoid(raised, 2 * u)
    }
}

/// x·sigmoid(x), also called swish. x is raised to −110 first (110·e^−110 ≈ 2e−46 rounds to
/// −0, as everything below does, −∞ included).
struct SiLU: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let raised = x.replacing(with: -110, where: x .< -110)
        return timesSigmoid(raised, raised)
    }
}

struct HardSigmoid: VectorFunction {
    let alpha: Float, beta: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { clamp(x * alpha + beta, 0, 1) }
}

/// x·(min(max(x + 3, 0), 6)/6): the factor is in [0, 1], so FLT_MAX stays FLT_MAX (x·6 would
/// overflow), and every x <= −3 gives x·0 = −0; x is raised to −3 for that product so that
/// −∞ does too (−∞·0 would be NaN).
struct HardSwish: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        x.replacing(with: -3, where: x .< -3) * (clamp(x + 3, 0, 6) / 6)
    }
}

/// Cephes `erff`: x·P(x²) for |x| < 1 (measured within 2.5 float ulps), sign(x)·(1 − erfc(|x|))
/// beyond with GELU's erfc (absolute error < 2e-7, relative < 2.5e-7 since |erf| > 0.84 there).
/// The polynomial keeps erf(±0) = ±0 and subnormal inputs exact to rounding.
struct Erf: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let a = magnitude(x)
        let s = x * x
        var p = FloatVector(repeating: 7.853_861_353_153_693e-5)
        p = p * s - 8.010_193_625_184_903e-4
        p = p * s + 5.188_327_685_732_524e-3
        p = p * s - 2.685_381_193_529_856e-2
        p = p * s + 1.128_358_514_861_418e-1
        p = p * s - 3.761_262_582_423_300e-1
        p = p * s + 1.128_379_165_726_710
        let capped = a.replacing(with: 10, where: a .> 10)   // erfc(10) ≈ 2e−45: 1 − erfc is 1 from 3.9 on
        let large = 1 - vectorErfc(capped, squaredScale: 1, times: FloatVector(repeating: 1))
        return large.replacing(with: -large, where: x .< 0).replacing(with: x * p, where: a .< 1)
    }
}

/// x / (1 + |x|), rounded twice (the sum, the quotient). ±∞ would give ∞/∞ = NaN, so the
/// limit ±1 is selected there (finite x of that size already round to ±1); NaN stays NaN
/// and ±0 keep their sign.
struct Softsign: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let a = magnitude(x)
        let limit = FloatVector(repeating: 1).replacing(with: -1, where: x .< 0)
        return (x / (1 + a)).replacing(with: limit, where: a .== .infinity)
    }
}
