import Foundation
@testable import StrataONNX

/// Typed initializers, every attribute kind and symbolic input sizes, for the folding
/// tests' small models.
extension ONNXModelFactory {
    /// An attribute value for ``node(_:_:_:attributes:)``.
    enum Attribute {
        case int(Int64), ints([Int64]), float(Float), floats([Float]), string(String), tensor(Onnx_TensorProto)
    }

    static func node(_ op: String, _ inputs: [String], _ output: String, attributes: [String: Attribute]) -> Onnx_NodeProto {
        var node = node(op, inputs, output)
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            attribute.name = key
            switch value {
            case .int(let v): (attribute.type, attribute.i) = (.int, v)
            case .ints(let v): (attribute.type, attribute.ints) = (.ints, v)
            case .float(let v): (attribute.type, attribute.f) = (.float, v)
            case .floats(let v): (attribute.type, attribute.floats) = (.floats, v)
            case .string(let v): (attribute.type, attribute.s) = (.string, Data(v.utf8))
            case .tensor(let v): (attribute.type, attribute.t) = (.tensor, v)
            }
            node.attribute.append(attribute)
        }
        return node
    }

    /// An initializer of an integer or BOOL type, in the typed field onnx.proto assigns.
    static func tensor(_ name: String = "", _ type: ONNXDataType, dims: [Int64], ints values: [Int64]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        (tensor.name, tensor.dims, tensor.dataType) = (name, dims, type.rawValue)
        switch type {
        case .int64: tensor.int64Data = values
        case .uint32, .uint64: tensor.uint64Data = values.map { UInt64(bitPattern: $0) }
        default: tensor.int32Data = values.map { Int32(truncatingIfNeeded: $0) }
        }
        return tensor
    }

    /// An initializer of a floating-point type: FLOAT, DOUBLE, or FLOAT16 (the values
    /// rounded to it, stored as bit patterns in int32_data).
    static func tensor(_ name: String = "", _ type: ONNXDataType, dims: [Int64], floats values: [Float]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        (tensor.name, tensor.dims, tensor.dataType) = (name, dims, type.rawValue)
        switch type {
        case .double: tensor.doubleData = values.map(Double.init)
        case .float16: tensor.int32Data = values.map { Int32(Float16($0).bitPattern) }
        default: tensor.floatData = values
        }
        return tensor
    }

    static func typed(_ type: ONNXDataType, _ dims: [Int64], ints: [Int64]) -> Onnx_TensorProto { tensor("", type, dims: dims, ints: ints) }
    static func typed(_ type: ONNXDataType, _ dims: [Int64], floats: [Float]) -> Onnx_TensorProto { tensor("", type, dims: dims, floats: floats) }
    static func int64(_ dims: [Int64], _ values: [Int64]) -> Onnx_TensorProto { tensor("", .int64, dims: dims, ints: values) }
    static func float(_ dims: [Int64], _ values: [Float]) -> Onnx_TensorProto { tensor("", .float, dims: dims, floats: values) }
    static func bool(_ dims: [Int64], _ values: [Bool]) -> Onnx_TensorProto { tensor("", .bool, dims: dims, ints: values.map { $0 ? 1 : 0 }) }

    /// A graph input dimension: a size or a symbol (`dim_param`).
    enum Dim: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
        case size(Int64), symbol(String)
        init(integerLiteral value: Int64) { self = .size(value) }
        init(stringLiteral value: String) { self = .symbol(value) }
    }

    /// A float32 tensor value info whose dims may be named symbols (`[1, 2, "h", "w"]`).
    static func valueInfo(_ name: String, symbolic dims: [Dim]) -> Onnx_ValueInfoProto {
        var info = valueInfo(name, dims: dims.map { _ in 1 })
        info.type.tensorType.shape.dim = dims.map { size in
            var dim = Onnx_TensorShapeProto.Dimension()
            switch size {
            case .size(let value): dim.dimValue = value
            case .symbol(let name): dim.dimParam = name
            }
            return dim
        }
        return info
    }
}
