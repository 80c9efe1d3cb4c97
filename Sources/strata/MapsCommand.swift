import ArgumentParser
import Foundation
import Strata
import StrataVision

/// `strata maps MODEL --input IN --layer NAME... --out DIR [--pca]`.
struct MapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maps",
        abstract: "Draw feature maps: one PNG per layer, its channels tiled and coloured with viridis.")

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    @Option(help: "Input: a .npy array of the model's input shape, or a .png picture (converted and resized).")
    var input: String

    @Option(name: .customLong("layer"), help: "A node whose output to draw; repeat for several.")
    var layers: [String] = []

    @Option(help: "Directory for the pictures (created if missing): NAME.png, and NAME.pca.png with --pca.")
    var out: String

    @Flag(help: "Also draw the first three principal components of the channels as RGB.")
    var pca = false

    @Flag(help: "Replace pictures that already exist.")
    var overwrite = false

    @OptionGroup var shapes: InputShapeOptions

    @OptionGroup var weights: WeightsOption

    func validate() throws {
        guard !layers.isEmpty else { throw ValidationError("give at least one --layer NAME") }
    }

    func run() throws {
        var loaded = try ModelSource.loadModel(model, weights: weights.weights)
        guard loaded.inputs.count == 1 else {
            throw StrataError.invalidArgument("maps draws models with one input; \(model) has \(loaded.inputs.count)")
        }
        // A .npy input gives the shape itself; a picture is converted to --input-shape.
        let fromFile = input.lowercased().hasSuffix(".npy")
        let tensor = try InputFile.tensor(input, shape: fromFile ? nil : shapes.shapes(for: loaded)[loaded.inputs[0].name], allowImage: true)
        // A built-in model is built for the input's batch and size.
        loaded = try ModelSource.fitting(loaded, model: model, to: tensor.shape, weights: weights.weights)
        let graph = try loaded.graph(for: [loaded.inputs[0].name: tensor.shape])
        let known = graph.nodes.map(\.name)
        let unknown = layers.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            let examples = known.dropFirst().prefix(8).joined(separator: ", ")
            throw GraphError.unknownNode(
                "unknown layer\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                + "expected node names such as \(examples) (\(known.count - 1) in all; `strata summary \(model)` lists them)")
        }
        // A batch > 1 model: draw the first image's maps.
        let (_, maps) = try GraphRunner(graph).run(tensor, capturing: layers)
        let directory = try InputFile.directory(out)
        for layer in layers {
            let base = directory.appending(path: InputFile.fileName(layer))
            for file in [base.appendingPathExtension("png")] + (pca ? [base.appendingPathExtension("pca.png")] : []) {
                try InputFile.checkNotASource(file, sources: [input, model])
                try InputFile.checkFree(file, overwrite: overwrite)
            }
        }
        for layer in layers {
            let map = try firstImage(maps[layer]!, layer: layer)
            let base = InputFile.fileName(layer)
            try PNG.write(FeatureMapImage.grid(map), to: directory.appending(path: base + ".png"), overwrite: overwrite)
            if pca {
                try PNG.write(FeatureMapImage.pca(map), to: directory.appending(path: base + ".pca.png"), overwrite: overwrite)
            }
        }
    }

    /// Batch item 0 of `map` ([N, ...] → [1, ...]); maps of rank < 2 or an empty batch
    /// have no channels to draw.
    private func firstImage(_ map: Tensor, layer: String) throws -> Tensor {
        let d = map.shape.dimensions
        guard d.count >= 2, d[0] >= 1 else {
            throw StrataError.invalidShape(
                "layer '\(layer)' has shape \(map.shape); maps draws feature maps [N, C, H, W] or [N, C] with N >= 1")
        }
        guard d[0] > 1 else { return map }
        let count = map.elementCount / d[0]
        return try Tensor(shape: [1] + d.dropFirst(), values: Array(map.scalars.prefix(count)))
    }
}
