/// The activations of ``Activation`` as 8-lane vector functions (``VectorFunction``), so the
/// loops in ``mapVectors(_:_:count:_:)`` specialize and inline them.

struct ReLU: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x.replacing(with: 0, where: x .< 0) }
}

struct LeakyReLU: VectorFunction {
    let alpha: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x.replacing(with: x * alpha, where: x .< 0) }
}

struct Clip: VectorFunction {
    let low: Float, high: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { clamp(x, low, high) }
}

struct Sigmoid: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { 1 / (1 + vectorExp(-x)) }
}

/// Cephes `tanhf`: an odd polynomial for |x| < 0.625 (where 1 − 2/(e^2x + 1) would
/// cancel), 1 − 2/(e^2|x| + 1) with the sign restored elsewhere.
struct Tanh: VectorFunction {
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
struct Gelu: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let scaled = x * 0.707_106_781_186_547_5
        let a = scaled.replacing(with: -scaled, where: scaled .< 0)
        let halfTail = 0.5 * x * vectorErfc(a)
        return (x - halfTail).replacing(with: halfTail, where: x .<= 0)
    }
}

/// 0.5·(1 + tanh(u)) = sigmoid(2u), so x·sigmoid(2u): no cancellation for very negative x.
struct GeluTanh: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let u = 0.797_884_560_802_865_4 * (x + 0.044715 * x * x * x)
        return x / (1 + vectorExp(-2 * u))
    }
}

struct SiLU: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x / (1 + vectorExp(-x)) }
}

struct HardSigmoid: VectorFunction {
    let alpha: Float, beta: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { clamp(x * alpha + beta, 0, 1) }
}

struct HardSwish: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x * clamp(x + 3, 0, 6) / 6 }
}

/// erf(x) = sign(x)·(1 − erfc(|x|)) with GELU's erfc (fractional error < 1.2e-7), so the
/// absolute error stays below 2e-7 everywhere.
struct Erf: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let a = x.replacing(with: -x, where: x .< 0)
        let magnitude = 1 - vectorErfc(a)
        return magnitude.replacing(with: -magnitude, where: x .< 0)
    }
}
