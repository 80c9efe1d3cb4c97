import ArgumentParser
import Foundation
import Strata
import StrataVision

/// `strata report MODEL --input IMAGE --out DIR [--layer NAME]... [--unit LAYER[:Y,X]]`:
/// one HTML page (DIR/index.html) with the summary, the input, the feature maps down the
/// depth of the network with per-channel statistics, and the receptive field of one unit
/// on the input beside those of shallower units at the same place (``ReportPage``); the
/// pictures go to DIR/input.png and DIR/maps/NNN-NAME[.pca].png (NNN: the node's index).
/// Every output path is checked (a directory where a file goes, an existing file without
/// `--overwrite`, an unwritable folder) before anything is written; files of earlier runs
/// are never deleted, so maps/ may hold pictures the page does not show.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a one-page HTML report: summary, input, feature maps with statistics, a receptive field.")

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    @Option(help: "Input: a picture (.png, .jpg, .jpeg; see --preprocess) or a .npy array of the input's shape.")
    var input: String

    @Option(help: "Directory for index.html, input.png and maps/ (created if missing).")
    var out: String

    @Option(name: .customLong("layer"),
            help: "A node whose maps to show; repeat for several (default: every node with an [N, C, H, W] or [N, C] output).")
    var layers: [String] = []

    @Option(help: "The unit whose receptive field is drawn on the input, as LAYER or LAYER:Y,X (default: the centre unit of the deepest spatial layer).")
    var unit: String?

    @Flag(help: "Replace files of an earlier report. Nothing is deleted: maps/ may still hold pictures of layers an earlier run showed, which the new page does not name.")
    var overwrite = false

    @OptionGroup var shapes: InputShapeOptions

    @OptionGroup var image: ImageOptions

    @OptionGroup var weights: WeightsOption

    func run() throws {
        var loaded = try ModelSource.loadModel(model, weights: weights.weights)
        guard loaded.inputs.count == 1 else {
            throw StrataError.invalidArgument("report draws models with one input; \(model) has \(loaded.inputs.count)")
        }
        let tensor = try InputFile.singleInput(input, model: loaded, shapes: shapes, image: image)
        guard tensor.shape.rank == 4, tensor.shape.dimensions.allSatisfy({ $0 >= 1 }) else {
            throw StrataError.invalidShape("\(input) gives an input of shape \(tensor.shape); the report draws models whose input is [N, C, H, W]")
        }
        // A built-in model is built for the input's batch and size.
        loaded = try ModelSource.fitting(loaded, model: model, to: tensor.shape, weights: weights.weights)
        let graph = try loaded.graph(for: [loaded.inputs[0].name: tensor.shape])
        let summary = try graph.summary()
        let chosen = try ReportSelection.layers(layers, in: graph, model: model)
        let unit = try ReportSelection.unit(unit, summary: summary, model: model)

        // Every file this run writes, checked before anything is written.
        let directory = try InputFile.directory(out)
        let mapsDirectory = directory.appending(path: "maps", directoryHint: .isDirectory)
        let names = Dictionary(uniqueKeysWithValues: graph.nodes.enumerated().map { ($1.name, $0) })
        func mapFile(_ layer: String, _ kind: String) -> String {
            // The node's index keeps names that differ only in awkward characters apart.
            String(format: "maps/%03d-", names[layer]!) + InputFile.fileName(layer) + (kind == "grid" ? ".png" : ".\(kind).png")
        }
        let (_, maps) = try GraphRunner(graph).run(tensor, capturing: chosen)
        let (inputImage, inputCaption) = try ReportFigures.input(tensor)
        var pictures: [(file: String, image: Image)] = []
        var sections: [ReportPage.Layer] = []
        for layer in chosen {
            let map = maps[layer]!
            var shown: [(kind: String, picture: ReportPage.Picture)] = []
            let row = summary.rows[names[layer]!]
            let figures = try ReportFigures.featureMaps(map, caption: FeatureMapCaption(model: model, row: row), input: inputImage)
            for figure in figures {
                let file = mapFile(layer, figure.kind)
                pictures.append((file, figure.image))
                shown.append((figure.kind, ReportPage.Picture(file: file, width: figure.image.width, height: figure.image.height, caption: figure.caption)))
            }
            sections.append(ReportPage.Layer(row: row, pictures: shown, statistics: try ChannelStatistics.of(ReportFigures.batchItemZero(map))))
        }
        pictures.append(("input.png", inputImage))
        for file in ["index.html"] + pictures.map(\.file) {
            let url = directory.appending(path: file)
            try InputFile.checkNotASource(url, sources: [input, model])
            try InputFile.checkFree(url, overwrite: overwrite)
        }
        let units = unit.map { [$0] + ReportSelection.comparisonUnits(for: $0, summary: summary) } ?? []
        let page = ReportPage(
            model: model, inputFile: input, summary: summary,
            input: ReportPage.Picture(file: "input.png", width: inputImage.width, height: inputImage.height, caption: inputCaption),
            layers: sections,
            units: try units.map { unit in
                let box = try ReceptiveFieldBox(row: summary.rows[names[unit.layer]!], y: unit.y, x: unit.x,
                                                imageHeight: tensor.shape[2], imageWidth: tensor.shape[3])
                return ReportPage.Unit(layer: unit.layer, y: unit.y, x: unit.x, box: box)
            })

        if !chosen.isEmpty { _ = try InputFile.directory(mapsDirectory.path(percentEncoded: false)) }
        for (file, image) in pictures { try PNG.write(image, to: directory.appending(path: file), overwrite: overwrite) }
        try BinaryFile.write(Array(page.html.utf8), to: directory.appending(path: "index.html"), overwrite: overwrite)
        print(directory.appending(path: "index.html").path(percentEncoded: false))
    }
}
