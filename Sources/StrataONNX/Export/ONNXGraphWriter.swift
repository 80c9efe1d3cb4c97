import Foundation
import Strata

/// Builds the `GraphProto` of one Strata graph for ``ONNXExporter``: inputs, initializers,
/// one or more ONNX nodes per Strata node (`ONNXGraphWriter+Ops.swift`), outputs.
struct ONNXGraphWriter {
    let graph: Graph
    let opset: Int
    /// What is written so far.
    private(set) var proto = Onnx_GraphProto()
    /// Every node that could not be exported, with the reason: reported together.
    private var refusals: [String] = []

    init(graph: Graph, opset: Int) {
        self.graph = graph
        self.opset = opset
    }

    /// The whole graph, or one error listing every node that has no ONNX equivalent.
    mutating func write() throws -> Onnx_GraphProto {
        proto.name = "strata"
        for index in graph.inputs {
            let node = graph.nodes[index]
            proto.input.append(Self.valueInfo(node.name, shape: node.outputShape))
        }
        for (index, node) in graph.nodes.enumerated() where !node.isInput {
            do {
                try append(node, index: index)
            } catch let ExportRefusal.unsupported(reason) {
                refusals.append("node '\(node.name)' (\(node.op.opName)): \(reason)")
            }
        }
        guard refusals.isEmpty else {
            throw StrataError.invalidArgument(
                "ONNX export (opset \(opset)) cannot write \(refusals.count) node(s): " + refusals.joined(separator: "; "))
        }
        for index in graph.outputs {
            let node = graph.nodes[index]
            proto.output.append(Self.valueInfo(node.name, shape: node.outputShape))
        }
        return proto
    }

    // MARK: - Pieces the op converters use

    /// The names of the values a node reads (its input nodes' names: each ONNX value is
    /// named after the node that makes it).
    func inputNames(of node: Node) -> [String] { node.inputs.map { graph.nodes[$0].name } }

    /// The shape of a node's `position`th input.
    func inputShape(of node: Node, _ position: Int = 0) -> Shape { graph.nodes[node.inputs[position]].outputShape }

    /// Appends an ONNX node named `name` making the value `output`.
    mutating func addNode(_ opType: String, name: String, inputs: [String], output: String, attributes: [Onnx_AttributeProto] = []) {
        var node = Onnx_NodeProto()
        node.opType = opType
        node.name = name
        node.input = inputs
        node.output = [output]
        node.attribute = attributes
        proto.node.append(node)
    }

    /// Adds a float32 initializer named `name`; returns the name.
    @discardableResult
    mutating func addInitializer(_ name: String, _ tensor: Tensor) -> String {
        var t = Onnx_TensorProto()
        t.name = name
        t.dataType = 1  // FLOAT
        t.dims = tensor.shape.dimensions.map(Int64.init)
        // ONNX raw_data is little-endian; so is every machine Strata runs on (x86-64, arm64).
        t.rawData = tensor.withUnsafeBufferPointer { Data(buffer: $0) }
        proto.initializer.append(t)
        return name
    }

    /// Adds an INT64 initializer of rank 1 (Reshape's shape); returns the name.
    @discardableResult
    mutating func addInt64Initializer(_ name: String, _ values: [Int64]) -> String {
        var t = Onnx_TensorProto()
        t.name = name
        t.dataType = 7  // INT64
        t.dims = [Int64(values.count)]
        t.int64Data = values
        proto.initializer.append(t)
        return name
    }

    /// Refuses the current node unless `opset` has `opType` (`since` is the op's first
    /// opset with the semantics used here).
    func require(_ opType: String, since: Int) throws {
        guard opset >= since else {
            throw ExportRefusal.unsupported("ONNX \(opType) needs opset \(since) or later; exporting opset \(opset)")
        }
    }

    /// A FLOAT tensor value with the first dimension symbolic (`batch`) when the rank is at
    /// least 1, so any batch size runs.
    static func valueInfo(_ name: String, shape: Shape) -> Onnx_ValueInfoProto {
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = 1
        var shapeProto = Onnx_TensorShapeProto()
        for (axis, size) in shape.dimensions.enumerated() {
            var dim = Onnx_TensorShapeProto.Dimension()
            if axis == 0 { dim.dimParam = "batch" } else { dim.dimValue = Int64(size) }
            shapeProto.dim.append(dim)
        }
        tensorType.shape = shapeProto
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType = tensorType
        return info
    }
}

/// Why one node could not be exported (collected, then reported as one `StrataError`).
enum ExportRefusal: Error {
    case unsupported(String)
}

/// Attribute constructors (ONNX AttributeProto with its `type` set, as the checker requires).
enum ONNXAttribute {
    static func int(_ name: String, _ value: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(value)
        return a
    }

    static func ints(_ name: String, _ values: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .ints
        a.ints = values.map(Int64.init)
        return a
    }

    static func float(_ name: String, _ value: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = value
        return a
    }

    static func string(_ name: String, _ value: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .string
        a.s = Data(value.utf8)
        return a
    }
}
