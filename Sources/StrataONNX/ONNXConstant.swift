import Foundation
import Strata

/// A tensor known at import time: an initializer, a `Constant` node, or a folded shape
/// computation. Values are held as Double, which represents every float32 and every
/// integer a shape can hold (|v| < 2^53) exactly.
struct ONNXConstant: Sendable {
    enum ElementType: Sendable { case float, integer }
    /// ONNX dimensions; `[]` is a scalar.
    var dims: [Int]
    var values: [Double]
    var elementType: ElementType

    var elementCount: Int { dims.reduce(1, *) }

    /// As a Strata tensor (a scalar becomes `[1]`).
    func tensor() throws -> Tensor {
        guard dims.count <= Shape.maximumRank else {
            throw NodeIssue("a constant of rank \(dims.count) \(dims) does not fit a Strata tensor (rank <= \(Shape.maximumRank))")
        }
        return try Tensor(shape: dims.isEmpty ? [1] : dims, values: values.map { Float($0) })
    }

    /// The values as integers (shapes, axes, indices).
    var integers: [Int] { values.map { Int($0) } }
}

/// ONNX `TensorProto.DataType` numbers Strata reads.
enum ONNXDataType {
    static let float: Int32 = 1, uint8: Int32 = 2, int8: Int32 = 3, int32: Int32 = 6, int64: Int32 = 7

    static func name(_ type: Int32) -> String {
        let names: [Int32: String] = [
            0: "UNDEFINED", 1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64",
            8: "STRING", 9: "BOOL", 10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 16: "BFLOAT16",
        ]
        return "\(names[type] ?? "type") (\(type))"
    }
}

extension ONNXConstant {
    /// Decodes a `TensorProto`: float32 from `raw_data` (little-endian) or `float_data`;
    /// int64/int32 (shape operands) from `raw_data` or `int64_data`/`int32_data`; int8/uint8
    /// (quantized weights, folded by `DequantizeLinear`) from `raw_data` or `int32_data`.
    /// Any other data type, external data, or a byte count that does not match the
    /// dimensions is an error naming the tensor and the numbers.
    init(_ proto: Onnx_TensorProto) throws {
        let name = "tensor '\(proto.name)'"
        guard proto.dataLocation != .external else {
            throw NodeIssue("\(name) stores its data in an external file, which is not supported")
        }
        guard !proto.hasSegment else { throw NodeIssue("\(name) is a segment of a tensor, which is not supported") }
        var dims: [Int] = []
        var count = 1
        for dim in proto.dims {
            guard dim >= 0, dim <= Int64(Int32.max) else { throw NodeIssue("\(name) has dimension \(dim); expected 0...\(Int32.max)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
            guard !overflow, product <= 1 << 31 else { throw NodeIssue("\(name) with dims \(proto.dims) is too large") }
            (count, dims) = (product, dims + [Int(dim)])
        }
        let raw = proto.rawData
        let width: Int
        switch proto.dataType {
        case ONNXDataType.float: width = 4
        case ONNXDataType.int32: width = 4
        case ONNXDataType.int64: width = 8
        case ONNXDataType.int8, ONNXDataType.uint8: width = 1
        default:
            throw NodeIssue("\(name) has data type \(ONNXDataType.name(proto.dataType)); supported: FLOAT, INT64, INT32, INT8, UINT8")
        }
        let values: [Double]
        if proto.hasRawData {
            guard raw.count == count * width else {
                throw NodeIssue("\(name) has \(raw.count) bytes of raw_data; dims \(dims) of \(ONNXDataType.name(proto.dataType)) need \(count * width)")
            }
            values = raw.withUnsafeBytes { bytes in
                (0..<count).map { i -> Double in
                    switch proto.dataType {
                    case ONNXDataType.float: Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))))
                    case ONNXDataType.int32: Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)))
                    case ONNXDataType.int8: Double(Int8(bitPattern: bytes[i]))
                    case ONNXDataType.uint8: Double(bytes[i])
                    default: Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)))
                    }
                }
            }
        } else {
            switch proto.dataType {
            case ONNXDataType.float: values = proto.floatData.map(Double.init)
            case ONNXDataType.int32, ONNXDataType.int8, ONNXDataType.uint8: values = proto.int32Data.map(Double.init)
            default: values = proto.int64Data.map(Double.init)
            }
            guard values.count == count else {
                throw NodeIssue("\(name) has \(values.count) values; dims \(dims) need \(count)")
            }
        }
        self.init(dims: dims, values: values, elementType: proto.dataType == ONNXDataType.float ? .float : .integer)
    }
}
