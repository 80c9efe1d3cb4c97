/// An ONNX `TensorProto.DataType` number (onnx.proto), with what Strata does with it.
///
/// Floating-point types are held as float32 while importing (float64 constants lose
/// precision there, as in onnxruntime's float32 kernels); integer and boolean types as
/// Int64, exactly.
struct ONNXDataType: Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }

    static let float = ONNXDataType(1), uint8 = ONNXDataType(2), int8 = ONNXDataType(3)
    static let uint16 = ONNXDataType(4), int16 = ONNXDataType(5), int32 = ONNXDataType(6)
    static let int64 = ONNXDataType(7), string = ONNXDataType(8), bool = ONNXDataType(9)
    static let float16 = ONNXDataType(10), double = ONNXDataType(11), uint32 = ONNXDataType(12)
    static let uint64 = ONNXDataType(13), bfloat16 = ONNXDataType(16)

    private static let names: [Int32: String] = [
        0: "UNDEFINED", 1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64",
        8: "STRING", 9: "BOOL", 10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 14: "COMPLEX64",
        15: "COMPLEX128", 16: "BFLOAT16",
    ]

    var description: String { "\(ONNXDataType.names[rawValue] ?? "type") (\(rawValue))" }

    /// FLOAT, DOUBLE, FLOAT16, BFLOAT16.
    var isFloatingPoint: Bool { [1, 10, 11, 16].contains(rawValue) }
    /// The integer types and BOOL.
    var isInteger: Bool { [2, 3, 4, 5, 6, 7, 9, 12, 13].contains(rawValue) }
    /// Types Strata can hold while importing.
    var isSupported: Bool { isFloatingPoint || isInteger }

    /// Bytes per element in `raw_data`.
    var byteWidth: Int? {
        switch rawValue {
        case 2, 3, 9: 1
        case 4, 5, 10, 16: 2
        case 1, 6, 12: 4
        case 7, 11, 13: 8
        default: nil
        }
    }

    /// `value` wrapped to this integer type's range, as a C cast (and onnxruntime's Cast)
    /// does; BOOL is `value != 0`.
    func wrapping(_ value: Int64) -> Int64 {
        switch rawValue {
        case 2: Int64(UInt8(truncatingIfNeeded: value))
        case 3: Int64(Int8(truncatingIfNeeded: value))
        case 4: Int64(UInt16(truncatingIfNeeded: value))
        case 5: Int64(Int16(truncatingIfNeeded: value))
        case 6: Int64(Int32(truncatingIfNeeded: value))
        case 12: Int64(UInt32(truncatingIfNeeded: value))
        case 9: value != 0 ? 1 : 0
        default: value
        }
    }
}
