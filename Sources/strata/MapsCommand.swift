import ArgumentParser
import Foundation
import Strata
import StrataVision

/// `strata maps MODEL --input IN --layer NAME... --out DIR [--scale layer|channel]
/// [--top K] [--pca]`.
struct MapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maps",
        abstract: "Draw feature maps: one titled PNG per layer, its channels as labelled viridis tiles beside the input.")

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    @Option(help: "Input: a .npy array of the model's input shape, or a picture (.png, .jpg, .jpeg; see --preprocess).")
    var input: String

    @Option(name: .customLong("layer"), help: "A node whose output to draw; repeat for several (a repeat is drawn once).")
    var layers: [String] = []

    @Option(help: "Directory for the pictures (created if missing): NAME.png, or NAME.pca.png with --pca.")
    var out: String

    @Option(help: "Colours: one range for the whole layer, so channels compare (layer), or each channel its own (channel).")
    var scale: FeatureMapScaling = .layer

    @Option(help: ArgumentHelp("Draw only the K channels with the highest mean activation, highest first.", valueName: "K"))
    var top: Int?

    @Flag(help: "Draw NAME.pca.png instead: the first three principal components of the channels as RGB over the input.")
    var pca = false

    @Flag(help: "Replace pictures that already exist.")
    var overwrite = false

    @OptionGroup var shapes: InputShapeOptions

    @OptionGroup var image: ImageOptions

    @OptionGroup var weights: WeightsOption

    func validate() throws {
        guard !layers.isEmpty else { throw ValidationError("give at least one --layer NAME") }
        if let top, top < 1 { throw ValidationError("--top must be >= 1 (got \(top))") }
    }

    func run() throws {
        var loaded = try ModelSource.loadModel(model, weights: weights.weights)
        guard loaded.inputs.count == 1 else {
            throw StrataError.invalidArgument("maps draws models with one input; \(model) has \(loaded.inputs.count)")
        }
        // A .npy input gives the shape itself; a picture is converted to --input-shape.
        let fromFile = input.lowercased().hasSuffix(".npy")
        let tensor = try InputFile.tensor(input, shape: fromFile ? nil : shapes.shapes(for: loaded)[loaded.inputs[0].name],
                                          preprocessing: image.preprocessing())
        // A built-in model is built for the input's batch and size.
        loaded = try ModelSource.fitting(loaded, model: model, to: tensor.shape, weights: weights.weights)
        let graph = try loaded.graph(for: [loaded.inputs[0].name: tensor.shape])
        // A layer named twice is drawn once (not a clash with its own picture).
        var seen = Set<String>()
        let layers = self.layers.filter { seen.insert($0).inserted }
        do {
            for layer in layers { _ = try graph.index(of: layer) }
        } catch let GraphError.unknownNode(message) {
            throw GraphError.unknownNode(message + " (`strata summary \(model)` lists every node)")
        }
        let rows = Dictionary(try graph.summary().rows.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if pca {
            for layer in layers where rows[layer]!.outputShape.rank != 4 || rows[layer]!.outputShape.dimensions.dropFirst(2).reduce(1, *) <= 1 {
                throw StrataError.invalidArgument(
                    "layer '\(layer)' has shape \(rows[layer]!.outputShape), one value per channel: --pca needs a spatial map "
                    + "[N, C, H, W] with H x W > 1; draw it without --pca")
            }
        }
        // Only the pictures this run writes are checked: with --pca, NAME.png files from an
        // earlier run are neither written nor in the way.
        let directory = try InputFile.directory(out)
        let files = layers.map { (name: $0, file: directory.appending(path: InputFile.fileName($0) + (pca ? ".pca.png" : ".png"))) }
        try InputFile.checkDistinct(files)
        for (_, file) in files {
            try InputFile.checkNotASource(file, sources: [input, model])
            try InputFile.checkFree(file, overwrite: overwrite)
        }

        // A batch > 1 model: draw the first image's maps.
        let (_, maps) = try GraphRunner(graph).run(tensor, capturing: layers)
        // Inputs that are not pictures (not 1 or 3 channels) are simply not shown.
        let picture = try? Image(showing: tensor)
        let options = FeatureMapFigure.Options(scaling: scale, top: top)
        for (layer, file) in files {
            let map = try firstImage(maps[layer]!, layer: layer)
            let caption = FeatureMapCaption(model: model, row: rows[layer]!)
            let figure = pca
                ? try FeatureMapFigure.pca(map, caption: caption, input: picture)
                : try FeatureMapFigure.render(map, caption: caption, input: picture, options: options)
            try PNG.write(figure, to: file, overwrite: overwrite)
        }
    }

    /// Batch item 0 of `map` ([N, ...] → [1, ...]); maps of rank < 2 or an empty batch
    /// have no channels to draw.
    private func firstImage(_ map: Tensor, layer: String) throws -> Tensor {
        let d = map.shape.dimensions
        guard d.count == 2 || d.count == 4, d[0] >= 1 else {
            throw StrataError.invalidShape(
                "layer '\(layer)' has shape \(map.shape); maps draws feature maps [N, C, H, W] or [N, C] with N >= 1")
        }
        guard d[0] > 1 else { return map }
        let count = map.elementCount / d[0]
        return try Tensor(shape: [1] + d.dropFirst(), values: Array(map.scalars.prefix(count)))
    }
}

extension FeatureMapScaling: ExpressibleByArgument {}
