import Foundation
@testable import StrataONNX

extension ONNXModelFactory {
    /// A float input or output with named symbolic dimensions (`names[i]` for a nil size;
    /// a nil name too leaves the dimension with neither value nor name).
    static func valueInfo(_ name: String, dims: [Int64?], names: [String?]) -> Onnx_ValueInfoProto {
        var info = valueInfo(name, dims: dims)
        for (axis, size) in dims.enumerated() where size == nil {
            var dim = Onnx_TensorShapeProto.Dimension()
            if let symbol = names[axis] { dim.dimParam = symbol }
            info.type.tensorType.shape.dim[axis] = dim
        }
        return info
    }

    /// An INT64 initializer of rank 1.
    static func int64s(_ name: String, _ values: [Int64]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = [Int64(values.count)]
        tensor.dataType = 7
        tensor.int64Data = values
        return tensor
    }
}
