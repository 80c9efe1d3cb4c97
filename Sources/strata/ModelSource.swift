import Foundation
import Strata
import StrataONNX

/// Where the `MODEL` argument's network comes from. The one place that knows model sources.
enum ModelSource {
    static var zooNames: String { ModelZoo.names.joined(separator: ", ") }

    /// The model named by `model`: an `.onnx` file (imported; symbolic sizes stay symbolic
    /// unless `batch` fills a symbolic batch) or a built-in model (``ModelZoo``, seeded
    /// weights; `batch` sets its input batch, default 1).
    static func loadModel(_ model: String, batch: Int? = nil) throws -> Model {
        if model.lowercased().hasSuffix(".onnx") {
            let loaded = try ONNXImporter.load(contentsOf: URL(fileURLWithPath: model), options: ONNXImportOptions(batchSize: batch))
            if let batch {
                for input in loaded.inputs {
                    if case .fixed(let fileBatch)? = input.dimensions.first, fileBatch != batch {
                        throw StrataError.invalidArgument(
                            "\(model) fixes the batch of input \(input) to \(fileBatch); --batch \(batch) cannot change it (export the model with a dynamic batch axis)")
                    }
                }
            }
            return loaded
        }
        guard ModelZoo.names.contains(model) else {
            throw StrataError.invalidArgument("unknown model '\(model)'; expected an .onnx file or a built-in model: \(zooNames)")
        }
        return Model(try ModelZoo.build(model, batch: batch ?? 1, seed: 1))
    }
}
