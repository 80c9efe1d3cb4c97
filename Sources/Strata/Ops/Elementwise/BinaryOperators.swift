#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The vector operators of the binary kinds added after the arithmetic ones: Pow, Min,
/// Max, the comparisons and the logic ops (see ``BinaryOp/Kind``).

/// a^b by C `powf` lane by lane: libm has no vector pow, and `powf` gives every special case
/// the ONNX spec's examples and onnxruntime rely on ((−2)^3 = −8, 0^−1 = +∞, (−1)^±∞ = 1,
/// x^0 = 1 and 1^y = 1 even for NaN). b = 2, the common square of normalizations, is x·x.
struct Power: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        if b == FloatVector(repeating: 2) { return a * a }
        var y = FloatVector()
        for lane in 0..<8 { y[lane] = powf(a[lane], b[lane]) }
        return y
    }
}

/// min(a, b) with NaN where either is NaN; the first operand when they compare equal.
struct Minimum: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        a.replacing(with: b, where: b .< a).replacing(with: b, where: b .!= b)
            .replacing(with: a, where: a .!= a)
    }
}

/// max(a, b) with NaN where either is NaN; the first operand when they compare equal.
struct Maximum: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        a.replacing(with: b, where: b .> a).replacing(with: b, where: b .!= b)
            .replacing(with: a, where: a .!= a)
    }
}

/// 1 where `a rule b`, else 0 (IEEE: false when either is NaN).
struct Comparison: VectorOperator {
    enum Rule { case equal, less, greater, lessOrEqual, greaterOrEqual }
    let rule: Rule
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        let holds: SIMDMask<SIMD8<Int32>> = switch rule {
        case .equal: a .== b
        case .less: a .< b
        case .greater: a .> b
        case .lessOrEqual: a .<= b
        case .greaterOrEqual: a .>= b
        }
        return FloatVector(repeating: 0).replacing(with: 1, where: holds)
    }
}

/// And, Or, Xor of `a != 0` and `b != 0`, as 1 or 0.
struct Logic: VectorOperator {
    enum Rule { case and, or, xor }
    let rule: Rule
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        let (p, q) = (a .!= 0, b .!= 0)
        let holds = switch rule {
        case .and: p .& q
        case .or: p .| q
        case .xor: p .^ q
        }
        return FloatVector(repeating: 0).replacing(with: 1, where: holds)
    }
}
