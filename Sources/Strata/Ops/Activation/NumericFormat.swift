/// A number format that a float32 value can be cast to (ONNX Cast and CastLike at run
/// time). Strata's tensors are float32, so the cast's result is held as float32 too: the
/// value the target type would store, converted back (a BOOL or integer tensor computed at
/// run time is float 0/1 or float integers; integers beyond 2^24 round to float32).
///
/// The rules, as onnxruntime 1.32 computes them on x86-64 (checked with
/// `Scripts/onnx_cases_elementwise.py`'s cast cases):
/// - FLOAT16: rounded to nearest even through Swift's `Float16` (overflow to ±∞, NaN kept);
///   BFLOAT16: the top 16 bits rounded to nearest even (NaN kept).
/// - integers: truncated toward zero. INT32 and INT64 give their minimum for NaN, ±∞ and
///   values outside their range (x86's "integer indefinite", which onnxruntime returns);
///   INT8, UINT8, INT16 and UINT16 take the INT32 result modulo 2^8 or 2^16 (300.7 → INT8
///   is 44, −1.5 → UINT8 is 255, NaN → 0), as onnxruntime's C++ casts do; UINT32 and UINT64
///   take the INT64 result modulo 2^32 or 2^64 (−1 → 4294967295). C leaves out-of-range
///   casts undefined; where onnxruntime's UINT32/UINT64 results for NaN, ±∞ or values
///   >= 2^32 differ (they depend on the compiler's code), Strata keeps this rule.
/// - BOOL: 1 where x != 0 (NaN included, as C), else 0.
public enum NumericFormat: Hashable, Sendable, CaseIterable {
    /// The ONNX `TensorProto.DataType` targets a cast can name (FLOAT16, BFLOAT16, INT8, ...,
    /// BOOL), with the rules above.
    case float16, bfloat16, int8, uint8, int16, uint16, int32, uint32, int64, uint64, bool

    /// The format's kind and width, as the reference table spells it (``Activation/spelling``):
    /// `[kind, bits]` with kind 0 an IEEE binary float, 1 bfloat, 2 a signed integer,
    /// 3 an unsigned integer, 4 BOOL.
    public var parameters: [Float] {
        switch self {
        case .float16: [0, 16]
        case .bfloat16: [1, 16]
        case .int8: [2, 8]
        case .uint8: [3, 8]
        case .int16: [2, 16]
        case .uint16: [3, 16]
        case .int32: [2, 32]
        case .uint32: [3, 32]
        case .int64: [2, 64]
        case .uint64: [3, 64]
        case .bool: [4, 8]
        }
    }

    /// `x` as this format stores it, converted back to float32.
    @inline(__always)
    public func cast(_ x: Float) -> Float {
        switch self {
        case .float16: Float(Float16(x))
        case .bfloat16: roundedToBFloat16(x)
        case .int8: Float(Int8(truncatingIfNeeded: truncatedToInt32(x)))
        case .uint8: Float(UInt8(truncatingIfNeeded: truncatedToInt32(x)))
        case .int16: Float(Int16(truncatingIfNeeded: truncatedToInt32(x)))
        case .uint16: Float(UInt16(truncatingIfNeeded: truncatedToInt32(x)))
        case .int32: Float(truncatedToInt32(x))
        case .uint32: Float(UInt32(truncatingIfNeeded: truncatedToInt64(x)))
        case .int64: Float(truncatedToInt64(x))
        case .uint64: Float(UInt64(bitPattern: truncatedToInt64(x)))
        case .bool: x != 0 ? 1 : 0
        }
    }
}

/// x truncated toward zero, or Int32.min for NaN, ±∞ and values outside Int32's range.
@inline(__always)
private func truncatedToInt32(_ x: Float) -> Int32 {
    x >= -2_147_483_648 && x < 2_147_483_648 ? Int32(x) : .min
}

/// x truncated toward zero, or Int64.min for NaN, ±∞ and values outside Int64's range.
@inline(__always)
private func truncatedToInt64(_ x: Float) -> Int64 {
    x >= -9_223_372_036_854_775_808 && x < 9_223_372_036_854_775_808 ? Int64(x) : .min
}

/// The top 16 bits of x rounded to nearest even (NaN kept as NaN).
@inline(__always)
private func roundedToBFloat16(_ x: Float) -> Float {
    guard !x.isNaN else { return x }
    let bits = x.bitPattern
    return Float(bitPattern: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000)
}

/// `output[i] = format.cast(input[i])`: one element at a time (the integer conversions
/// need their range checks per element; casts are not on a CNN's hot path).
func castValues(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int, to format: NumericFormat) {
    for i in 0..<count { output[i] = format.cast(input[i]) }
}
