import Foundation
@testable import StrataONNX

/// Small ONNX models built in Swift with the generated protobuf types, for error tests.
enum ONNXModelFactory {
    static func node(_ op: String, _ inputs: [String], _ output: String, name: String? = nil,
                     ints: [String: [Int64]] = [:]) -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        node.opType = op
        node.input = inputs
        node.output = [output]
        node.name = name ?? output
        for (key, values) in ints.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            attribute.name = key
            attribute.type = .ints
            attribute.ints = values
            node.attribute.append(attribute)
        }
        return node
    }

    static func tensor(_ name: String, dims: [Int64], values: [Float]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = dims
        tensor.dataType = 1
        tensor.floatData = values
        return tensor
    }

    static func valueInfo(_ name: String, dims: [Int64?]) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var type = Onnx_TypeProto.Tensor()
        type.elemType = 1
        var shape = Onnx_TensorShapeProto()
        shape.dim = dims.map { size in
            var dim = Onnx_TensorShapeProto.Dimension()
            if let size { dim.dimValue = size } else { dim.dimParam = "batch" }
            return dim
        }
        type.shape = shape
        info.type.tensorType = type
        return info
    }

    /// input [inputDims] → nodes → output `output`, opset 17.
    static func model(input: [Int64?] = [1, 2, 4, 4], nodes: [Onnx_NodeProto], initializers: [Onnx_TensorProto] = [],
                      output: String, opset: Int64 = 17) -> Onnx_ModelProto {
        var graph = Onnx_GraphProto()
        graph.name = "test"
        graph.node = nodes
        graph.initializer = initializers
        graph.input = [valueInfo("x", dims: input)]
        graph.output = [valueInfo(output, dims: [])]
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opsetID = Onnx_OperatorSetIdProto()
        opsetID.version = opset
        model.opsetImport = [opsetID]
        model.graph = graph
        return model
    }

    static func bytes(_ model: Onnx_ModelProto) throws -> [UInt8] { try model.serializedBytes() }

    /// A valid model: 1x1 conv with 2 → 3 channels, then Relu.
    static func convRelu() -> Onnx_ModelProto {
        model(nodes: [node("Conv", ["x", "w"], "conv"), node("Relu", ["conv"], "relu")],
              initializers: [tensor("w", dims: [3, 2, 1, 1], values: [1, 2, 3, 4, 5, 6])], output: "relu")
    }
}
