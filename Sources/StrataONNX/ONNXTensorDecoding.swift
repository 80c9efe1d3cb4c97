import Foundation
import Strata

extension ONNXConstant {
    /// Decodes a `TensorProto` (onnx.proto): any supported data type from `raw_data`
    /// (little-endian) or from its typed field (`float_data`, `int32_data` for the narrow
    /// integer, bool and 16-bit float types, `int64_data`, `double_data`, `uint64_data`).
    /// External data, strings, complex types, or a byte or value count that does not match
    /// the dims is an error naming the tensor and the numbers.
    init(_ proto: Onnx_TensorProto) throws {
        let name = "tensor '\(proto.name)'"
        guard proto.dataLocation != .external else {
            throw NodeIssue("\(name) stores its data in an external file, which is not supported")
        }
        guard !proto.hasSegment else { throw NodeIssue("\(name) is a segment of a tensor, which is not supported") }
        let type = ONNXDataType(proto.dataType)
        guard type.isSupported, let width = type.byteWidth else {
            throw NodeIssue("\(name) has data type \(type); supported: the float, integer and bool types")
        }
        var dims: [Int] = []
        for dim in proto.dims {
            guard dim >= 0, dim <= Int64(Int32.max) else { throw NodeIssue("\(name) has dimension \(dim); expected 0...\(Int32.max)") }
            dims.append(Int(dim))
        }
        // The sizes other than 0 must multiply within Int too, so that no product of an
        // empty tensor's dims overflows later.
        guard let count = Shape.checkedElementCount(dims), count <= 1 << 31,
              Shape.checkedElementCount(dims.map { max($0, 1) }) != nil else {
            throw NodeIssue("\(name) with dims \(proto.dims) is too large")
        }
        let values: Values
        if proto.hasRawData {
            let raw = proto.rawData
            guard raw.count == count * width else {
                throw NodeIssue("\(name) has \(raw.count) bytes of raw_data; dims \(dims) of \(type) need \(count * width)")
            }
            values = raw.withUnsafeBytes { Self.decodeRaw($0, count: count, type: type) }
        } else {
            values = Self.decodeFields(proto, type: type)
            let got = switch values { case .float(let v): v.count; case .int(let v): v.count }
            guard got == count else { throw NodeIssue("\(name) has \(got) values; dims \(dims) need \(count)") }
        }
        self.init(dims: dims, values: values, dataType: type)
    }

    private static func decodeRaw(_ bytes: UnsafeRawBufferPointer, count: Int, type: ONNXDataType) -> Values {
        func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
            T(littleEndian: bytes.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self))
        }
        switch type {
        case .float: return .float((0..<count).map { Float(bitPattern: load(UInt32.self, $0)) })
        case .double: return .float((0..<count).map { Float(Double(bitPattern: load(UInt64.self, $0))) })
        case .float16: return .float((0..<count).map { Float(Float16(bitPattern: load(UInt16.self, $0))) })
        case .bfloat16: return .float((0..<count).map { Float(bitPattern: UInt32(load(UInt16.self, $0)) << 16) })
        case .int8: return .int((0..<count).map { Int64(Int8(bitPattern: bytes[$0])) })
        case .uint8, .bool: return .int((0..<count).map { Int64(bytes[$0]) })
        case .int16: return .int((0..<count).map { Int64(load(Int16.self, $0)) })
        case .uint16: return .int((0..<count).map { Int64(load(UInt16.self, $0)) })
        case .int32: return .int((0..<count).map { Int64(load(Int32.self, $0)) })
        case .uint32: return .int((0..<count).map { Int64(load(UInt32.self, $0)) })
        case .uint64: return .int((0..<count).map { Int64(bitPattern: load(UInt64.self, $0)) })
        default: return .int((0..<count).map { load(Int64.self, $0) })
        }
    }

    /// The typed fields, as onnx.proto assigns them per data type.
    private static func decodeFields(_ proto: Onnx_TensorProto, type: ONNXDataType) -> Values {
        switch type {
        case .float: .float(proto.floatData)
        case .double: .float(proto.doubleData.map { Float($0) })
        // 16-bit floats are stored as their bit patterns in int32_data.
        case .float16: .float(proto.int32Data.map { Float(Float16(bitPattern: UInt16(truncatingIfNeeded: $0))) })
        case .bfloat16: .float(proto.int32Data.map { Float(bitPattern: UInt32(UInt16(truncatingIfNeeded: $0)) << 16) })
        case .int64: .int(proto.int64Data)
        case .uint32, .uint64: .int(proto.uint64Data.map { Int64(bitPattern: $0) })
        default: .int(proto.int32Data.map { type.wrapping(Int64($0)) })
        }
    }
}
