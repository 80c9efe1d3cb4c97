import Foundation
import Strata
import StrataONNX

/// Where the `MODEL` argument's graph comes from. The one place that knows model sources.
enum ModelSource {
    static var zooNames: String { ModelZoo.names.joined(separator: ", ") }

    /// The graph named by `model`: an `.onnx` file (imported; `batch` fills a symbolic
    /// batch dimension, a fixed one is kept) or a built-in model (``ModelZoo``, seeded
    /// weights; `batch` sets its input batch). Without `batch` the model's own is used.
    static func loadModel(_ model: String, batch: Int? = nil) throws -> Graph {
        if model.lowercased().hasSuffix(".onnx") {
            let graph = try ONNXImporter.load(contentsOf: URL(fileURLWithPath: model),
                                              options: ONNXImportOptions(batchSize: batch ?? 1))
            let fileBatch = graph.input.outputShape[0]
            if let batch, batch != fileBatch {
                throw StrataError.invalidArgument(
                    "\(model) has a fixed batch of \(fileBatch) in its input shape \(graph.input.outputShape); --batch \(batch) cannot change it (export the model with a dynamic batch axis)")
            }
            return graph
        }
        guard ModelZoo.names.contains(model) else {
            throw StrataError.invalidArgument("unknown model '\(model)'; expected an .onnx file or a built-in model: \(zooNames)")
        }
        return try ModelZoo.build(model, batch: batch ?? 1, seed: 1)
    }
}
