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

    @Option(name: .customLong("layer"), help: "A node whose output to draw (required); repeat for several (a repeat is drawn once).")
    var layers: [String]

    @Option(help: "Directory for the pictures (created if missing): NAME.png, or NAME.pca.png with --pca.")
    var out: String

    @Option(help: "Colours: one range for the whole layer, so channels compare (layer), or each channel its own (channel).")
    var scale: FeatureMapScaling = .layer

    // `.unconditional`: `--top -1` reaches validate() (a leading `-` would read as a flag).
    @Option(parsing: .unconditional, help: ArgumentHelp("Draw only the K channels with the highest mean activation, highest first.", valueName: "K"))
    var top: Int?

    @Flag(help: "Draw NAME.pca.png instead: the first three principal components of the channels as RGB over the input (not with --top or --scale).")
    var pca = false

    @Flag(help: "Replace pictures that already exist.")
    var overwrite = false

    @OptionGroup var shapes: InputShapeOptions

    @OptionGroup var image: ImageOptions

    @OptionGroup var weights: WeightsOption

    func validate() throws {
        guard !layers.isEmpty else { throw ValidationError("give at least one --layer NAME") }
        if let top, top < 1 { throw ValidationError("--top must be >= 1 (got \(top))") }
        if pca && (top != nil || scale != .layer) {
            throw ValidationError("--top and --scale choose and colour channel tiles; --pca draws components, not channels: use one or the other")
        }
    }

    func run() throws {
        var loaded = try ModelSource.loadModel(model, weights: weights.weights)
        guard loaded.inputs.count == 1 else {
            throw StrataError.invalidArgument("maps draws models with one input; \(model) has \(loaded.inputs.count)")
        }
        let tensor = try InputFile.singleInput(input, model: loaded, shapes: shapes, image: image)
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
        // Inputs that are not pictures (not 1 or 3 channels) are simply not shown.
        let picture = try? Image(showing: tensor)
        let options = FeatureMapFigure.Options(scaling: scale, top: top)
        // Everything the output shapes decide is checked before the network runs or any
        // directory or file is made, so a refused layer leaves nothing behind.
        for layer in layers { try check(layer, shape: rows[layer]!.outputShape, picture: picture != nil, options: options) }
        let suffix = pca ? ".pca.png" : ".png"
        guard !out.isEmpty else { throw StrataError.invalidArgument("--out is empty; expected a directory path for the pictures") }

        // Only the pictures this run writes are checked: with --pca, NAME.png files from an
        // earlier run are neither written nor in the way. The directory is made only once
        // every figure is drawn.
        var outIsDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &outIsDirectory), !outIsDirectory.boolValue {
            throw StrataError.invalidFile("--out \(out) is a file; expected a directory (made if missing)")
        }
        let directory = URL(filePath: out, directoryHint: .isDirectory)
        let files = layers.map { (name: $0, file: directory.appending(path: InputFile.fileName($0) + suffix)) }
        try InputFile.checkDistinct(files)
        for (_, file) in files {
            try InputFile.checkNotASource(file, sources: [input, model])
            try InputFile.checkFree(file, overwrite: overwrite)
        }

        // A batch > 1 model: draw the first image's maps (the title says "item 0 of N").
        let (_, maps) = try GraphRunner(graph).run(tensor, capturing: layers)
        // Every figure is drawn before the first is written: an error found only in the
        // values (NaN under --pca) also leaves nothing written.
        let modelName = URL(filePath: model).lastPathComponent
        let figures = try files.map { layer, file in
            try Self.naming(layer) {
                let map = try firstImage(maps[layer]!, layer: layer)
                let caption = FeatureMapCaption(model: modelName, row: rows[layer]!)
                let figure = pca
                    ? try FeatureMapFigure.pca(map, caption: caption, input: picture)
                    : try FeatureMapFigure.render(map, caption: caption, input: picture, options: options)
                return (figure, file)
            }
        }
        _ = try InputFile.directory(out)
        for (figure, file) in figures { try PNG.write(figure, to: file, overwrite: overwrite) }
    }

    /// The longest picture file name: NAME_MAX (255 bytes) less what the atomic writer's
    /// temporary name (".NAME.PID.RANDOM.tmp") adds.
    static let maximumFileNameBytes = 230

    /// Throws, naming `layer`, when its output `shape` cannot be drawn: wrong rank, too many
    /// channels, a figure over the pixel cap, a file name too long; with --pca, a map that
    /// is not `[N, C, H, W]` with H x W > 1 or has too many channels.
    private func check(_ layer: String, shape: Shape, picture: Bool, options: FeatureMapFigure.Options) throws {
        let d = shape.dimensions
        let expected = pca ? "--pca draws maps [N, C, H, W] only" : "maps draws feature maps [N, C, H, W] or [N, C]"
        guard d.count == 2 || d.count == 4, d.allSatisfy({ $0 >= 1 }) else {
            throw StrataError.invalidShape("layer '\(layer)' has shape \(shape); \(expected), every size >= 1")
        }
        let (c, plane) = (d[1], d.dropFirst(2).reduce(1, *))
        if pca {
            guard plane > 1 else {
                throw StrataError.invalidArgument(
                    "layer '\(layer)' has shape \(shape), one value per channel: --pca needs a spatial map "
                    + "[N, C, H, W] with H x W > 1; draw it without --pca")
            }
            guard c <= FeatureMapFigure.maximumPCAChannels else {
                throw StrataError.invalidArgument(
                    "layer '\(layer)' has \(c) channels; --pca takes at most \(FeatureMapFigure.maximumPCAChannels) "
                    + "(the covariance is C x C); draw it without --pca")
            }
        }
        guard c <= ChannelStatistics.maximumChannels else {
            throw StrataError.invalidArgument(
                "layer '\(layer)' has \(c) channels (shape \(shape)); maps draws at most \(ChannelStatistics.maximumChannels)")
        }
        if !pca && plane > 1 {
            let tiles = min(options.top ?? c, c) + (picture ? 1 : 0)
            _ = try Self.naming(layer) {
                try FeatureMapLayout(tiles: tiles, mapHeight: d[2], mapWidth: d[3], minimumTileSide: options.minimumTileSide,
                                     maximumTileSide: options.maximumTileSide, maximumPixels: options.maximumPixels)
            }
        }
        let name = InputFile.fileName(layer) + (pca ? ".pca.png" : ".png")
        guard name.utf8.count <= Self.maximumFileNameBytes else {
            throw StrataError.invalidArgument(
                "layer '\(layer.prefix(40))…' makes a file name of \(name.utf8.count) bytes; expected at most "
                + "\(Self.maximumFileNameBytes) (the file system's limit is 255, the temporary name adds the rest)")
        }
    }

    /// `body`'s result; a `StrataError` it throws is prefixed with "layer 'NAME': ".
    private static func naming<T>(_ layer: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as StrataError {
            let prefix = "layer '\(layer)': "
            switch error {
            case let .invalidShape(message): throw StrataError.invalidShape(prefix + message)
            case let .shapeMismatch(message): throw StrataError.shapeMismatch(prefix + message)
            case let .invalidArgument(message): throw StrataError.invalidArgument(prefix + message)
            case let .invalidFile(message): throw StrataError.invalidFile(prefix + message)
            case let .memoryLimit(message): throw StrataError.memoryLimit(prefix + message)
            }
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
