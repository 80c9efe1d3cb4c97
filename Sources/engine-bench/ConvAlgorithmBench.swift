import ArgumentParser
import Foundation
import Strata
import StrataDiagnostics

/// `engine-bench conv-algorithms`: the 3x3 stride-1 layers of ResNet-18 and VGG-16 run by
/// each algorithm that applies, side by side: the measurements behind the cost model of
/// ``ConvAlgorithm``.
struct ConvAlgorithmBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv-algorithms",
        abstract: "Time im2col, Winograd F(2x2,3x3) and F(4x4,3x3) on every 3x3 stride-1 layer of ResNet-18 and VGG-16 (224x224).",
        discussion: """
            The algorithms take turns in blocks of runs (medians of the timed runs); the table gives \
            each one's time, its ratio to im2col and the cost model's choice. --error prints instead \
            each algorithm's error against the Double reference at the layer's full size.
            """)

    @OptionGroup var options: BenchOptions

    @Option(help: "Images per batch (>= 1).")
    var batch: Int = 1

    @Flag(help: "Print each algorithm's error against the reference (at full size) instead of timing.")
    var error = false

    @Option(help: "Only the layers whose name contains this.")
    var layer: String?

    static let algorithms = ConvAlgorithm.winogradComparison

    /// The distinct 3x3 stride-1 shapes of both networks.
    static var layers: [ConvLayerShape] {
        (resNet18Convolutions + vgg16Convolutions).filter { $0.configuration.kernel == 3 && $0.configuration.stride == 1 }
    }

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be >= 1, got \(batch)") }
    }

    func run() throws {
        Threading.workers = options.threads
        let layers = Self.layers.filter { layer.map($0.name.contains) ?? true }
        let rows = try layers.map { try error ? measureError($0) : measureTime($0) }
        if options.json { return try printJSON(rows) }
        print("Strata engine-bench conv-algorithms: batch \(batch), threads \(options.threads)"
              + (error ? ", error against the Double reference" : ", medians of \(options.quick ? 14 : 35) runs"))
        print("OpenBLAS core \(BLAS.coreName)")
        let header = ["layer", "IC", "OC", "size", "chosen     "] + Self.algorithms.map(\.rawValue)
            + (error ? [] : Self.algorithms.dropFirst().map { "\($0.rawValue)/im2col" })
        let widths = header.indices.map { $0 == 0 ? 15 : max(8, header[$0].count) }
        print(zip(header, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " "))
        for row in rows {
            let values = row.values.map { error ? String(format: "%.2e", $0) : String(format: "%.3f", $0) }
            let ratios = error ? [] : row.values.dropFirst().map { String(format: "%.2f", $0 / row.values[0]) }
            let cells = [row.layer, "\(row.inChannels)", "\(row.outChannels)", "\(row.size)", row.chosen] + values + ratios
            print(zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " "))
        }
    }

    /// One layer and its input, with a plan per algorithm.
    private func setUp(_ layer: ConvLayerShape) throws -> (convs: [Conv2d], input: Tensor, chosen: String) {
        var rng = SeededGenerator(seed: 1)
        let configuration = layer.configuration
        let weight = try Conv2d(configuration, generator: &rng).weight
        let bias = try Tensor.uniform([configuration.outChannels], low: -0.1, high: 0.1, using: &rng)
        let input = try Tensor.uniform([batch, configuration.inChannels, layer.inputSize, layer.inputSize],
                                       low: -1, high: 1, using: &rng)
        let convs = try Self.algorithms.map { algorithm in
            let conv = try Conv2d(configuration, weight: weight, bias: bias)
            conv.algorithm = algorithm
            return conv
        }
        let chosen = try Conv2d(configuration, weight: weight, bias: bias).plan(for: input.shape).algorithm.rawValue
        return (convs, input, chosen)
    }

    func measureTime(_ layer: ConvLayerShape) throws -> ConvAlgorithmRow {
        let (convs, input, chosen) = try setUp(layer)
        for conv in convs { try checkAgainstReference(layer, algorithm: try conv.plan(for: input.shape).algorithm) }
        var outputs = try convs.map { try $0(input) }
        let bodies: [() -> Void] = convs.indices.map { index in
            { try! convs[index].forward(input, into: &outputs[index]) }
        }
        let medians = medianInBlocks(repetitions: options.quick ? 14 : 35, bodies)
        return ConvAlgorithmRow(layer: layer.name, inChannels: layer.configuration.inChannels,
                                outChannels: layer.configuration.outChannels, size: layer.inputSize, chosen: chosen,
                                values: medians)
    }

    /// Each algorithm's relative (Frobenius) error against the Double reference.
    func measureError(_ layer: ConvLayerShape) throws -> ConvAlgorithmRow {
        let (convs, input, chosen) = try setUp(layer)
        let expected = try referenceOutput(of: ConvOp(layer.configuration, weight: convs[0].weight, bias: convs[0].bias),
                                           inputs: [input])
        let errors = try convs.map { try $0(input).compared(with: expected).relativeError }
        return ConvAlgorithmRow(layer: layer.name, inChannels: layer.configuration.inChannels,
                                outChannels: layer.configuration.outChannels, size: layer.inputSize, chosen: chosen,
                                values: errors)
    }
}

/// One layer: milliseconds (or relative errors) per algorithm, in ``ConvAlgorithmBench/algorithms`` order.
struct ConvAlgorithmRow: Encodable {
    let layer: String
    let inChannels: Int
    let outChannels: Int
    let size: Int
    let chosen: String
    let values: [Double]
}
