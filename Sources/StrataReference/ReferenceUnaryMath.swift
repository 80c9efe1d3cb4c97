import Foundation

/// Naive unary math, exponential activations, logic and casts: each element in Double, the
/// textbook formula from libm (rounded back once by `activation(_:parameters:_:)`). Limits
/// where the formula itself would give NaN (Mish at −∞: −∞·0) are returned explicitly.
extension Reference {
    /// The entries of ``activations`` for the functions in this file, keyed by spelling.
    static let unaryMathActivations: [String: ActivationEntry] = [
        "sqrt": (0, { x, _ in pointwiseDouble(x) { Foundation.sqrt($0) } }),
        "exp": (0, { x, _ in pointwiseDouble(x) { Foundation.exp($0) } }),
        "log": (0, { x, _ in pointwiseDouble(x) { Foundation.log($0) } }),
        "abs": (0, { x, _ in x.map { Swift.abs($0) } }),
        "neg": (0, { x, _ in x.map { -$0 } }),
        "reciprocal": (0, { x, _ in pointwiseDouble(x) { 1 / $0 } }),
        "floor": (0, { x, _ in x.map { Foundation.floor($0) } }),
        "ceil": (0, { x, _ in x.map { Foundation.ceil($0) } }),
        "round": (0, { x, _ in x.map { $0.rounded(.toNearestOrEven) } }),
        "sign": (0, { x, _ in x.map { $0.isNaN ? $0 : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) } }),
        "elu": (1, { x, p in pointwiseDouble(x) { $0 > 0 ? $0 : Double(p[0]) * expm1($0) } }),
        "selu": (2, { x, p in
            pointwiseDouble(x) { $0 > 0 ? Double(p[1]) * $0 : Double(p[1]) * Double(p[0]) * expm1($0) }
        }),
        "celu": (1, { x, p in pointwiseDouble(x) { $0 > 0 ? $0 : Double(p[0]) * expm1($0 / Double(p[0])) } }),
        "softplus": (0, { x, _ in pointwiseDouble(x) { Swift.max($0, 0) + log1p(Foundation.exp(-Swift.abs($0))) } }),
        "mish": (0, { x, _ in
            pointwiseDouble(x) { $0 == -.infinity ? -0.0 : $0 * Foundation.tanh(log1p(Foundation.exp($0))) }
        }),
        "thresholdedReLU": (1, { x, p in x.map { $0 > p[0] ? $0 : 0 } }),
        "shrink": (2, { x, p in
            pointwiseDouble(x) { $0 < -Double(p[1]) ? $0 + Double(p[0]) : ($0 > Double(p[1]) ? $0 - Double(p[0]) : 0) }
        }),
        "logicalNot": (0, { x, _ in x.map { $0 == 0 ? 1 : 0 } }),
        "cast": (2, { x, p in x.map { Double(cast(Float($0), kind: Int(p[0]), bits: Int(p[1]))) } }),
    ]

    /// `x` stored in the format `kind` (0 IEEE binary float, 1 bfloat, 2 signed integer,
    /// 3 unsigned integer, 4 bool) of `bits`, as Strata's `NumericFormat` defines the cast,
    /// written out in Double and integer arithmetic: floats round to nearest even at their
    /// precision (11 significant bits and 5 exponent bits for FLOAT16, 8 for BFLOAT16);
    /// integers truncate toward zero, with NaN, ±∞ and out-of-range values giving the
    /// minimum of INT32 (for 8- to 32-bit targets) or INT64 (for 64-bit and UINT32), and
    /// the result wrapped modulo 2^bits; bool is x != 0.
    public static func cast(_ x: Float, kind: Int, bits: Int) -> Float {
        let value = Double(x)
        switch kind {
        case 0: return Float(roundToFloat16(value))
        case 1:
            if x.isNaN || x.isInfinite { return x }
            let exponent = value == 0 ? -126 : Swift.max(Foundation.floor(Foundation.log2(Swift.abs(value))), -126)
            let ulp = Foundation.pow(2.0, exponent - 7)
            return Float((value / ulp).rounded(.toNearestOrEven) * ulp)
        case 2, 3:
            let wide = bits == 64 || (kind == 3 && bits == 32)
            let limit = wide ? 9_223_372_036_854_775_808.0 : 2_147_483_648.0
            // Integers have no −0: a zero result is +0.
            var truncated = value.isFinite && value >= -limit && value < limit ? value.rounded(.towardZero) : -limit
            if truncated == 0 { truncated = 0 }
            if kind == 2 && bits == 64 { return Float(truncated) }   // in range already (2^64 is not exact in Double arithmetic)
            let modulus = Foundation.pow(2.0, Double(bits))
            var wrapped = truncated.truncatingRemainder(dividingBy: modulus)
            if wrapped < 0 { wrapped += modulus }
            if kind == 2 && wrapped >= modulus / 2 { wrapped -= modulus }
            return wrapped == 0 ? 0 : Float(wrapped)
        default: return x != 0 ? 1 : 0
        }
    }

    /// The nearest FLOAT16 value (ties to even), ±∞ beyond 65520, subnormals below 2^−14.
    private static func roundToFloat16(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let exponent = Swift.max(Foundation.floor(Foundation.log2(Swift.abs(value))), -14)
        let ulp = Foundation.pow(2.0, exponent - 10)
        let rounded = (value / ulp).rounded(.toNearestOrEven) * ulp
        return Swift.abs(rounded) > 65504 ? (value < 0 ? -.infinity : .infinity) : rounded
    }

    private static func pointwiseDouble(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
        x.map(f)
    }
}
