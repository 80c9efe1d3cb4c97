/// The kernels of the unary math activations (ONNX Sqrt, Exp, Log, Abs, Neg, Reciprocal,
/// Floor, Ceil, Round, Sign) and of the piecewise ones (ThresholdedRelu, Shrink, Not), as
/// 8-lane vector functions. IEEE results: ±0 keep their sign where the function does
/// (√−0 = −0, ⌊−0⌋ = −0, round(−0.4) = −0), ±∞ give the function's value or limit, NaN
/// gives NaN except where the ONNX formula says otherwise (ThresholdedRelu, Shrink and Not,
/// whose comparisons with NaN are false).

/// √x: one `sqrtps`, correctly rounded.
struct SquareRoot: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x.squareRoot() }
}

/// e^x (``vectorExp(_:)``).
struct Exponential: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { vectorExp(x) }
}

/// ln x (``vectorLog(_:)``).
struct Logarithm: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { vectorLog(x) }
}

/// |x|: the sign bit cleared.
struct Magnitude: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { magnitude(x) }
}

/// −x: the sign bit flipped (so −(+0) = −0, which 0 − x would not give).
struct Negation: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) ^ 0x8000_0000, to: FloatVector.self)
    }
}

/// 1/x, one IEEE division: ±∞ at ±0, ±0 at ±∞, ±∞ for 1/subnormal below 2^−128.
struct Reciprocal: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { 1 / x }
}

/// ⌊x⌋, ⌈x⌉ or x rounded half to even, without libm calls. For |x| < 2^23,
/// (|x| + 2^23) − 2^23 rounds |x| to the nearest integer, ties to even (the addition rounds
/// away the fraction); the sign is put back, then floor subtracts 1 where that went up and
/// ceil adds 1 where it went down. Every result carries x's sign bit (a zero result of a
/// negative x is −0, as IEEE `floor`, `ceil` and `roundeven` give). |x| >= 2^23 is already
/// an integer and, with ±∞ and NaN, is returned as it is.
struct RoundToIntegral: VectorFunction {
    enum Rule { case down, up, toNearestOrEven }
    let rule: Rule

    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        let a = magnitude(x)
        let sign = unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x8000_0000
        var r = withSign((a + 8_388_608) - 8_388_608, sign)
        switch rule {
        case .down: r.replace(with: r - 1, where: r .> x)
        case .up: r.replace(with: r + 1, where: r .< x)
        case .toNearestOrEven: break
        }
        return withSign(magnitude(r), sign).replacing(with: x, where: .!(a .< 8_388_608))
    }

    @inline(__always) private func withSign(_ value: FloatVector, _ sign: SIMD8<UInt32>) -> FloatVector {
        unsafeBitCast(unsafeBitCast(value, to: SIMD8<UInt32>.self) | sign, to: FloatVector.self)
    }
}

/// 1 for x > 0, −1 for x < 0, +0 for ±0 (onnxruntime), NaN for NaN.
struct Signum: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        FloatVector(repeating: 0)
            .replacing(with: 1, where: x .> 0)
            .replacing(with: -1, where: x .< 0)
            .replacing(with: x, where: x .!= x)
    }
}

/// x where x > alpha, else 0 (NaN included: the comparison is false).
struct ThresholdedReLU: VectorFunction {
    let alpha: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        FloatVector(repeating: 0).replacing(with: x, where: x .> alpha)
    }
}

/// x + bias below −lambd, x − bias above lambd, 0 between (and for NaN).
struct Shrink: VectorFunction {
    let bias: Float, lambd: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        FloatVector(repeating: 0)
            .replacing(with: x + bias, where: x .< -lambd)
            .replacing(with: x - bias, where: x .> lambd)
    }
}

/// 1 where x == 0 (±0), else 0: logical not of a BOOL held as float 0/1.
struct LogicalNot: VectorFunction {
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector {
        FloatVector(repeating: 0).replacing(with: 1, where: x .== 0)
    }
}
