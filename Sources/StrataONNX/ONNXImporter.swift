import Foundation
import Strata
import SwiftProtobuf

/// Reads an ONNX model (opsets 7 to 22, and later ones for ops that did not change) into
/// a Strata `Model`.
///
/// ```swift
/// let model = try ONNXImporter.load(contentsOf: URL(fileURLWithPath: "detector.onnx"))
/// print(model.inputs)                                // images [1, 3, height, width]
/// let outputs = try model.run(["images": image])     // binds height and width, plans, runs
/// let graph = try model.graph(for: ["images": [1, 3, 640, 640]])   // or one fixed graph
/// ```
///
/// Symbolic input dimensions (`dim_param`) stay symbolic unless ``ONNXImportOptions`` fixes
/// them: each run binds them from its input shapes and the model plans (and caches) the
/// graph for those shapes. Shape arithmetic (Shape, Gather, Concat, Reshape chains, ...)
/// and constant weight computations fold while planning, so they never run per element.
///
/// Graph nodes are named after the ONNX tensor they produce (node names may be empty or
/// repeated in ONNX; tensor names are unique). Everything that cannot be imported is
/// reported in one ``ONNXImportError``: every unsupported op, attribute value, data type and
/// folding failure, with the node's name and op type. When every input size is known at
/// load (fixed in the file or by the options) the whole graph is built at load, so that
/// report comes from `load`; otherwise `load` reports the unsupported op types and the
/// first run at a concrete shape the rest. See Docs/ONNX.md for the supported ops.
public enum ONNXImporter {
    /// The decoder's limits: the default nesting depth (100) so a hostile file cannot
    /// exhaust the stack, and unknown fields dropped (newer ONNX fields Strata does not read).
    static var decodingOptions: BinaryDecodingOptions {
        var options = BinaryDecodingOptions()
        options.discardUnknownFields = true
        return options
    }

    /// Reads the file at `url`; see ``load(bytes:options:)``.
    /// - Throws: `StrataError.invalidFile(_:)` "no such file: PATH" when it is missing;
    ///   ``ONNXImportError/malformedFile(_:)`` when it cannot be read.
    public static func load(contentsOf url: URL, options: ONNXImportOptions = ONNXImportOptions()) throws -> Model {
        let bytes: [UInt8]
        do {
            // A regular file only: a FIFO or a device would block or never end.
            bytes = try BinaryFile.read(url, expecting: "an ONNX model file")
        } catch {
            // A missing file is not a malformed one: BinaryFile's "no such file: PATH" as is.
            guard FileManager.default.fileExists(atPath: url.path) else { throw error }
            throw ONNXImportError.malformedFile("cannot read \(url.path): \(error)")
        }
        return try load(bytes: bytes, options: options)
    }

    /// Decodes and imports a serialized `ModelProto`.
    /// - Throws: ``ONNXImportError/malformedFile(_:)`` for bytes that are not ONNX
    ///   protobuf; ``ONNXImportError/invalidModel(_:)`` for a model Strata cannot take as a
    ///   whole (opset, inputs, missing tensors); ``ONNXImportError/unsupported(_:)`` listing
    ///   every node that cannot be imported.
    public static func load(bytes: [UInt8], options: ONNXImportOptions = ONNXImportOptions()) throws -> Model {
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: bytes, options: decodingOptions)
        } catch {
            throw ONNXImportError.malformedFile("\(bytes.count) bytes are not an ONNX protobuf (\(error))")
        }
        return try load(model: model, options: options)
    }

    static func load(model: Onnx_ModelProto, options: ONNXImportOptions) throws -> Model {
        let file = try ONNXModelFile(model, options: options)
        // The graph built at load for fixed sizes is handed to the first plan, not rebuilt.
        let built: (shapes: [String: Shape], graph: Graph)?
        if let shapes = ONNXModelFile.fixedShapes(file.inputs) {
            built = (shapes, try ONNXGraphImport(file: file, inputShapes: shapes).run())
        } else {
            let problems = file.supportProblems
            guard problems.isEmpty else { throw probedReport(file, known: problems) }
            built = nil
        }
        return Model(inputs: file.inputs, outputNames: file.outputNames, planCacheCapacity: options.planCacheCapacity) { _, shapes in
            if let (builtShapes, graph) = built, builtShapes == shapes { return graph }
            return try ONNXGraphImport(file: file, inputShapes: shapes).run()
        }
    }

    /// The complete report for a model with symbolic sizes that already fails: the import
    /// is tried at probe sizes (a symbolic first axis 1, any other symbolic size 64) so that
    /// attribute, data-type and folding problems are listed with the unsupported op types.
    /// Problems found only at the probe sizes say so; if the probe cannot even start, the
    /// op-type problems are reported alone.
    static func probedReport(_ file: ONNXModelFile, known: [ONNXImportError.NodeProblem]) -> ONNXImportError {
        var probe: [String: Shape] = [:]
        var sizes: [String: Int] = [:]
        for input in file.inputs {
            let dims = input.dimensions.enumerated().map { axis, dimension -> Int in
                switch dimension {
                case .fixed(let size): return size
                case .symbolic(let name):
                    let size = sizes[name] ?? (axis == 0 ? 1 : 64)
                    sizes[name] = size
                    return size
                }
            }
            guard let shape = try? Shape(dims) else { return .unsupported(known) }
            probe[input.name] = shape
        }
        do {
            _ = try ONNXGraphImport(file: file, inputShapes: probe).run()
            return .unsupported(known)
        } catch ONNXImportError.unsupported(let found) {
            let note = " (found planning at probe sizes " + sizes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: ", ") + "; the model's sizes are symbolic)"
            let known = Set(known.map(\.description))
            return .unsupported(found.map { problem in
                var problem = problem
                if !known.contains(problem.description) { problem.reason += note }
                return problem
            })
        } catch {
            return .unsupported(known)
        }
    }
}
