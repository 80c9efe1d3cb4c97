import Foundation
import Strata
import SwiftProtobuf

/// How ``ONNXImporter`` resolves what the file leaves open.
public struct ONNXImportOptions: Sendable {
    /// The size given to a symbolic first (batch) dimension of the graph input, such as
    /// PyTorch's `dynamic_axes={"input": {0: "batch"}}`. Any other symbolic dimension is
    /// an error: Strata compiles for fixed shapes.
    public var batchSize: Int

    public init(batchSize: Int = 1) { self.batchSize = batchSize }
}

/// Reads an ONNX model (opsets 11 to 21) into a Strata ``Graph``.
///
/// ```swift
/// let graph = try ONNXImporter.load(contentsOf: URL(fileURLWithPath: "resnet18.onnx"))
/// let logits = try graph.compiled().run(image).output
/// ```
///
/// Graph nodes are named after the ONNX tensor they produce (node names may be empty or
/// repeated in ONNX; tensor names are unique). Weights must be initializers or constants.
/// Everything that cannot be imported is reported in one ``ONNXImportError``: every
/// unsupported op, attribute value and data type, with the node's name and op type. See
/// Docs/ONNX.md for the supported ops.
public enum ONNXImporter {
    /// The decoder's limits: the default nesting depth (100) so a hostile file cannot
    /// exhaust the stack, and unknown fields dropped (newer ONNX fields Strata does not read).
    static var decodingOptions: BinaryDecodingOptions {
        var options = BinaryDecodingOptions()
        options.discardUnknownFields = true
        return options
    }

    public static func load(contentsOf url: URL, options: ONNXImportOptions = ONNXImportOptions()) throws -> Graph {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ONNXImportError.malformedFile("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try load(bytes: [UInt8](data), options: options)
    }

    public static func load(bytes: [UInt8], options: ONNXImportOptions = ONNXImportOptions()) throws -> Graph {
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: bytes, options: decodingOptions)
        } catch {
            throw ONNXImportError.malformedFile("\(bytes.count) bytes are not an ONNX protobuf (\(error))")
        }
        return try load(model: model, options: options)
    }

    static func load(model: Onnx_ModelProto, options: ONNXImportOptions) throws -> Graph {
        guard model.hasGraph, !model.graph.node.isEmpty else {
            throw ONNXImportError.invalidModel("the model has no graph nodes (is this an ONNX file?)")
        }
        let opset = try defaultOpset(model)
        let graph = model.graph
        let input = try graphInput(graph, options: options)
        var importer = ONNXGraphImport(opset: opset, inputName: input.name, inputShape: input.shape)
        return try importer.run(graph)
    }

    /// The version of the default (`ai.onnx`) operator set, which must be in 11...21.
    static func defaultOpset(_ model: Onnx_ModelProto) throws -> Int {
        guard let entry = model.opsetImport.first(where: { $0.domain.isEmpty || $0.domain == "ai.onnx" }) else {
            throw ONNXImportError.invalidModel("the model imports no default (ai.onnx) opset")
        }
        guard (11...21).contains(entry.version) else {
            throw ONNXImportError.invalidModel("opset \(entry.version) is not supported; Strata imports opsets 11 to 21")
        }
        return Int(entry.version)
    }

    /// The one graph input that is not an initializer, with a static float32 shape.
    static func graphInput(_ graph: Onnx_GraphProto, options: ONNXImportOptions) throws -> (name: String, shape: Shape) {
        let initializers = Set(graph.initializer.map(\.name))
        let inputs = graph.input.filter { !initializers.contains($0.name) }
        guard inputs.count == 1 else {
            throw ONNXImportError.invalidModel(
                "the graph has \(inputs.count) inputs \(inputs.map(\.name)) besides its initializers; Strata runs graphs with exactly 1")
        }
        let input = inputs[0]
        let tensorType = input.type.tensorType
        guard case .tensorType? = input.type.value, tensorType.elemType == ONNXDataType.float else {
            throw ONNXImportError.invalidModel(
                "graph input '\(input.name)' has element type \(ONNXDataType.name(input.type.tensorType.elemType)); expected FLOAT (1)")
        }
        guard tensorType.hasShape else { throw ONNXImportError.invalidModel("graph input '\(input.name)' has no shape") }
        let dims = tensorType.shape.dim
        guard (1...Shape.maximumRank).contains(dims.count) else {
            throw ONNXImportError.invalidModel(
                "graph input '\(input.name)' has rank \(dims.count); Strata supports rank 1 to \(Shape.maximumRank) ([N, C, H, W])")
        }
        var sizes: [Int] = []
        for (axis, dim) in dims.enumerated() {
            if case .dimValue(let value)? = dim.value, value > 0, value <= Int64(Int32.max) {
                sizes.append(Int(value))
            } else if axis == 0, options.batchSize >= 1 {
                sizes.append(options.batchSize)   // a symbolic batch: ONNXImportOptions.batchSize
            } else {
                let what: String = if case .dimParam(let name)? = dim.value { "symbolic ('\(name)')" } else { "\(dim.dimValue)" }
                throw ONNXImportError.invalidModel(
                    "graph input '\(input.name)' has dimension \(axis) = \(what); Strata needs static sizes (only the batch dimension may be symbolic)")
            }
        }
        do {
            return (input.name, try Shape(sizes))
        } catch {
            throw ONNXImportError.invalidModel("graph input '\(input.name)': \(error)")
        }
    }
}
