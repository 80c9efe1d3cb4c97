import Strata

/// Where the `MODEL` argument's graph comes from. The one place that knows model sources:
/// the ONNX importer plugs in here.
enum ModelSource {
    static var zooNames: String { ModelZoo.names.joined(separator: ", ") }

    /// The graph named by `model`: a built-in model (``ModelZoo``, seeded weights) or, later,
    /// an `.onnx` file. `batch` overrides the model's own input batch (nil keeps it).
    static func loadModel(_ model: String, batch: Int? = nil) throws -> Graph {
        if model.lowercased().hasSuffix(".onnx") {
            throw StrataError.invalidArgument(
                "'\(model)' is an ONNX file, but ONNX import is not available yet in this build; expected a built-in model: \(zooNames)")
        }
        guard ModelZoo.names.contains(model) else {
            throw StrataError.invalidArgument("unknown model '\(model)'; expected an .onnx file or a built-in model: \(zooNames)")
        }
        return try ModelZoo.build(model, batch: batch ?? 1, seed: 1)
    }
}
