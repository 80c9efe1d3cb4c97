/// The element types Strata reads from a safetensors file (the header's `"dtype"`).
///
/// Strata computes in float32. PyTorch's `torch.save`/`safetensors.torch.save_file` of a
/// `state_dict` writes `F32` parameters and one `I64` scalar per BatchNorm
/// (`num_batches_tracked`); half-precision checkpoints are common too. The floating types
/// are converted to float32 on reading, as PyTorch's `load_state_dict` does when it copies a
/// tensor into a float32 parameter (`Tensor.copy_`): `F16` and `BF16` exactly, `F64`
/// rounded to the nearest float32 (values past ±3.4e38 become infinities, as in PyTorch).
/// `I64` tensors are kept as integers (``SafetensorsContents/integers``). Every other
/// type (`I32`, `U8`, `BOOL`, `F8_E4M3`, ...) is refused with a message naming it.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    /// IEEE 754 single precision, little-endian: read as it is.
    case float32 = "F32"
    /// IEEE 754 half precision: converted to float32 exactly.
    case float16 = "F16"
    /// bfloat16 (the top 16 bits of a float32): converted to float32 exactly.
    case bfloat16 = "BF16"
    /// IEEE 754 double precision: rounded to the nearest float32.
    case float64 = "F64"
    /// Signed 64-bit integers, kept as `Int64` (``SafetensorsContents/integers``).
    case int64 = "I64"

    /// Bytes per element in the file.
    public var byteWidth: Int {
        switch self {
        case .float16, .bfloat16: 2
        case .float32: 4
        case .float64, .int64: 8
        }
    }

    /// The type's everyday name for messages: `float32`, `float16`, `bfloat16`, `float64`, `int64`.
    public var typeName: String {
        switch self {
        case .float32: "float32"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .float64: "float64"
        case .int64: "int64"
        }
    }

    /// Whether the values become a float32 ``Tensor`` (false: ``int64``).
    public var isFloatingPoint: Bool { self != .int64 }

    /// `"F32"`, `"F16"`, ... as a list for messages.
    static var accepted: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }

    /// Element `index` of little-endian `source` as float32 (floating types only).
    @inline(__always)
    func float(at index: Int, in source: UnsafeRawBufferPointer) -> Float {
        switch self {
        case .float32:
            return Float(bitPattern: source.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self).littleEndian)
        case .float16:
            return Float(Float16(bitPattern: source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self).littleEndian))
        case .bfloat16:
            // bfloat16 is the top half of a float32: widening is a shift, exact.
            let bits = UInt32(source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self).littleEndian)
            return Float(bitPattern: bits << 16)
        case .float64:
            return Float(Double(bitPattern: source.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self).littleEndian))
        case .int64:
            preconditionFailure("int64 tensors are read as integers")
        }
    }
}
