import Foundation
import Strata
import StrataONNX

/// Where the `MODEL` argument's network comes from. The one place that knows model sources.
enum ModelSource {
    static var zooNames: String { ModelZoo.names.joined(separator: ", ") }

    /// Whether `model` names a built-in model rather than an `.onnx` file.
    static func isBuiltIn(_ model: String) -> Bool { !model.lowercased().hasSuffix(".onnx") }

    /// The model named by `model`: an `.onnx` file (imported; symbolic sizes stay symbolic
    /// unless `batch` fills a symbolic batch) or a built-in model (``ModelZoo``; `batch`
    /// and `size` set its input [batch, C, size, size], default 1 and the model's size;
    /// `weights` is a safetensors file of PyTorch state_dict names, else seeded weights).
    /// A built-in model's input is checked against ``MemoryLimit`` before any weight is
    /// drawn or read, unless `checkingInput` is false (`summary` allocates no input).
    static func loadModel(
        _ model: String, batch: Int? = nil, size: Int? = nil, weights: String? = nil, checkingInput: Bool = true
    ) throws -> Model {
        if !isBuiltIn(model) {
            if let weights {
                throw StrataError.invalidArgument(
                    "--weights \(weights) loads weights into a built-in model (\(zooNames)); \(model) carries its own weights")
            }
            if let size {
                throw StrataError.invalidArgument(
                    "--size \(size) sets a built-in model's input size; for \(model) give --input-shape, such as 1x3x\(size)x\(size)")
            }
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
        let batch = batch ?? 1, size = size ?? ModelZoo.defaultInputSize(model)
        let dimensions = [batch, ModelZoo.inputChannels(model), size, size]
        // The input alone is a lower bound of what any run needs: refuse an absurd batch or
        // size before building weights (the plan's arena is checked when it is compiled).
        let floats = dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
        if checkingInput { try MemoryLimit.check(floats: floats, "the input \(dimensions) of \(model)") }
        if let weights {
            return Model(try ModelZoo.build(model, weights: URL(filePath: weights), inputSize: size, batch: batch))
        }
        return Model(try ModelZoo.build(model, inputSize: size, classes: nil, batch: batch, seed: 1))
    }

    /// `loaded` when its one input already has `shape`, or when `model` is an `.onnx` file
    /// (its own signature checks shapes); otherwise the built-in `model` rebuilt for
    /// `shape` ([batch, C, size, size]), with the same `weights`.
    /// - Throws: when `shape` is not [N, C, S, S] with the model's channel count.
    static func fitting(
        _ loaded: Model, model: String, to shape: Shape?, weights: String?, checkingInput: Bool = true
    ) throws -> Model {
        guard isBuiltIn(model), let shape, loaded.fixedInputShapes?[loaded.inputs[0].name] != shape else { return loaded }
        let (batch, size) = try builtInSize(model, shape)
        return try loadModel(model, batch: batch, size: size, weights: weights, checkingInput: checkingInput)
    }

    /// The batch and size of a built-in model's input `shape`, which must be
    /// [N, C, S, S] with N, S >= 1 and C the model's input channels.
    static func builtInSize(_ model: String, _ shape: Shape) throws -> (batch: Int, size: Int) {
        let d = shape.dimensions, channels = ModelZoo.inputChannels(model)
        guard d.count == 4, d[0] >= 1, d[1] == channels, d[2] >= 1, d[2] == d[3] else {
            throw StrataError.invalidShape(
                "\(model) takes an input [N, \(channels), S, S] (square, N and S >= 1); got \(shape)")
        }
        return (d[0], d[2])
    }
}
