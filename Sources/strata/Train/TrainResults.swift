import Foundation
import Strata
import StrataONNX
import StrataTraining
import StrataVision

extension TrainOutputs {
    /// Classes whose first test image gets its feature maps drawn: a top, trousers, a
    /// sneaker and a bag look different enough that their maps can be compared.
    static let exampleClasses = [0, 1, 7, 8]
    /// At most this many layers get maps per image (evenly spread over the depth).
    static let maximumMapLayers = 8

    /// Everything written once training ends: weights, ONNX, history, plot, filters, maps.
    func writeResults(trained: Graph, modelName: String, history: [EpochRecord], testSet: ImageDataset) throws {
        try trained.saveParameters(to: weights, overwrite: true)
        try writeHistory(history)
        try writeONNX(trained)
        try writePlot(history, modelName: modelName)
        try writeFilters(trained, modelName: modelName, epochs: history.last?.epoch ?? 0)
        try writeMaps(trained, modelName: modelName, testSet: testSet)
        print("wrote \(directory.path(percentEncoded: false)): weights.safetensors, checkpoint.safetensors, model.onnx, history.csv, training.png, filters.png, maps/")
    }

    /// model.onnx: the trained graph (symbolic batch), as onnxruntime runs it.
    func writeONNX(_ graph: Graph) throws {
        try ONNXExporter.write(graph, to: onnx, overwrite: true)
    }

    /// training.png: loss and accuracy per epoch.
    func writePlot(_ history: [EpochRecord], modelName: String) throws {
        guard !history.isEmpty else { return }
        let epochs = history.map {
            TrainingCurveFigure.Epoch(epoch: $0.epoch, trainLoss: $0.trainLoss, trainAccuracy: $0.trainAccuracy,
                                      testAccuracy: $0.testAccuracy, testLoss: $0.testLoss)
        }
        try PNG.write(TrainingCurveFigure.render(epochs, title: "\(modelName) · Fashion-MNIST"), to: plot, overwrite: true)
    }

    /// filters.png: the first convolution's filters.
    func writeFilters(_ graph: Graph, modelName: String, epochs: Int) throws {
        guard let first = graph.nodes.first(where: { $0.op is ConvOp }), let conv = first.op as? ConvOp else { return }
        let figure = try FilterFigure.render(conv.weight, title: "\(first.name) filters · \(modelName), epoch \(epochs)")
        try PNG.write(figure, to: filters, overwrite: true)
    }

    /// The layers whose maps are drawn: activations and poolings with `[N, C, H, W]` output,
    /// then the output (probabilities, drawn as a bar chart).
    static func mapLayers(_ graph: Graph) -> [String] {
        let spatial = graph.nodes.filter { node in
            (node.op is ActivationOp || node.op is PoolOp) && node.outputShape.rank == 4
        }.map(\.name)
        let picked = spatial.count <= maximumMapLayers ? spatial
            : (0..<maximumMapLayers).map { spatial[$0 * (spatial.count - 1) / (maximumMapLayers - 1)] }
        return picked + graph.outputNames.prefix(1)
    }

    /// maps/K-CLASS/LAYER.png for the first test image of each of ``exampleClasses``.
    func writeMaps(_ graph: Graph, modelName: String, testSet: ImageDataset) throws {
        let layers = Self.mapLayers(graph)
        let rows = Dictionary(try graph.summary().rows.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let runner = try GraphRunner(graph)
        let perImage = testSet.imageShape.reduce(1, *)
        for label in Self.exampleClasses where label < testSet.classes.count {
            guard let index = testSet.labels.firstIndex(of: label) else { continue }
            let values = testSet.images.withUnsafeBufferPointer { Array($0[(index * perImage)..<((index + 1) * perImage)]) }
            let image = try Tensor(shape: [1] + testSet.imageShape, values: values)
            let (_, captured) = try runner.run(image, capturing: layers)
            let picture = try? Image(showing: image)
            let folder = maps.appending(path: "\(index)-" + InputFile.fileName(testSet.classes[label]), directoryHint: .isDirectory)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for layer in layers {
                let caption = FeatureMapCaption(model: "\(modelName) (trained) · test image \(index), \(testSet.classes[label])", row: rows[layer]!)
                let figure = try FeatureMapFigure.render(captured[layer]!, caption: caption, input: picture)
                try PNG.write(figure, to: folder.appending(path: InputFile.fileName(layer) + ".png"), overwrite: true)
            }
        }
    }
}
