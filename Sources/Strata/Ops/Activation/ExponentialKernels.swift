/// The kernels of the exponential activations (ONNX Elu, Selu, Celu, Softplus, Mish) on
/// 8 lanes, built on ``vectorExpm1(_:)``, ``vectorLog1p(_:)`` and ``vectorExpParts(_:)``
/// (`VectorMath.swift`). Edges as for every activation: the limits at ±∞ (ELU: −alpha,
/// Softplus: 0 and +∞, Mish: −0 and +∞), the exact asymptote for huge |x|, NaN for NaN,
/// ±0 and subnormals kept accurately (e^x − 1 never cancels).

/// gamma·x for x > 0, gamma·alpha·(e^x − 1) for x <= 0: ONNX Elu with gamma 1 (x itself on
/// the positive side), Selu with its gamma. The factor gamma·alpha is rounded once.
struct ELU: VectorFunction {
    let alpha: Float, gamma: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let negative = (gamma * alpha) * vectorExpm1(x)
        return negative.replacing(with: gamma == 1 ? x : gamma * x, where: x .> 0)
    }
}

/// x for x > 0, alpha·(e^(x/alpha) − 1) otherwise (ONNX Celu: max(0, x) + min(0, alpha·(e^(x/alpha) − 1)),
/// whose two parts never both contribute).
struct CELU: VectorFunction {
    let alpha: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        (alpha * vectorExpm1(x / alpha)).replacing(with: x, where: x .> 0)
    }
}

/// ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|): e^−|x| <= 1 never overflows, huge x give x,
/// and for x < −87 the logarithm is e^x itself (subnormal, rounded once by e^x), as
/// onnxruntime keeps it (Softplus(−100) = 3.78e−44). −0 keeps max(−0, 0) = −0, so the sum
/// is ln 2.
struct Softplus: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        x.replacing(with: 0, where: x .< 0) + vectorLog1p(vectorExp(-magnitude(x)))
    }
}

/// x·tanh(ln(1 + e^x)) with u = e^x: tanh(ln(1 + u)) = u(u + 2)/(u(u + 2) + 2), so
/// Mish = x·u·(u + 2)/(u(u + 2) + 2) with no cancellation. u = head·scale
/// (``vectorExpParts(_:)``) and the scale is applied last, so x·e^x keeps its accuracy where
/// e^x alone is subnormal (Mish(−89) = −1.98e−37). x is raised to −110 first, where the
/// result has rounded to −0 (110·e^−110 < 2^−150), so −∞ gives −0 (onnxruntime: NaN);
/// above 20 the factor is 1 to float precision (1 − 2/u² with u > 4.8e8) and the result is
/// x, +∞ included.
struct Mish: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let raised = x.replacing(with: -110, where: x .< -110)
        let (head, scale, _) = vectorExpParts(raised)
        let u = head * scale
        let v = u + 2
        let result = (raised * head * v / (u * v + 2)) * scale
        return result.replacing(with: x, where: x .> 20)
    }
}
