import ArgumentParser
import Foundation
import Strata

/// `engine-bench conv`: each distinct ResNet-18 (or VGG-16) convolution, engine vs raw sgemm.
struct ConvBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "Time every distinct ResNet-18 convolution (224x224, batch 1) against raw cblas_sgemm of the same GEMM.")

    @OptionGroup var options: BenchOptions

    @Flag(help: "Append ResNet-50's stride-1 1x1 convolutions (the pointwise fast path).")
    var pointwise = false

    @Option(help: "The network whose convolutions to time: \(BenchNetwork.allCases.map(\.rawValue).joined(separator: ", ")).")
    var network: BenchNetwork = .resnet18

    @Option(help: "Run every convolution with this algorithm where it applies (default: the cost model's choice): \(ConvAlgorithm.allValueStrings.joined(separator: ", ")).")
    var algorithm: ConvAlgorithm?

    func run() throws {
        let repetitions = options.quick ? 10 : 40
        let layers = network.convolutions + (pointwise ? resNet50PointwiseConvolutions : [])
        for layer in layers {
            try checkAgainstReference(layer, algorithm: algorithm)
        }
        var rows: [ConvBenchRow] = []
        for layer in layers {
            rows.append(try measure(layer, repetitions: repetitions))
        }
        if options.json {
            try printJSON(rows)
        } else {
            printTable(rows, repetitions: repetitions)
        }
    }

    /// Engine and raw sgemm on the same M/N/K, alternated, medians of `repetitions` runs.
    func measure(_ layer: ConvLayerShape, repetitions: Int) throws -> ConvBenchRow {
        var rng = SeededGenerator(seed: 1)
        Threading.workers = options.threads
        let conv = try Conv2d(layer.configuration, generator: &rng)
        conv.algorithm = algorithm
        let input = try Tensor.uniform([1, layer.configuration.inChannels, layer.inputSize, layer.inputSize],
                                       low: -1, high: 1, using: &rng)
        let plan = try conv.plan(for: input.shape)
        var output = try conv(input)
        let (m, n, k) = (plan.gemmM, plan.gemmN, plan.gemmK)
        let gemm = try RawGemm(m: m, n: n, k: k, generator: &rng)

        let (engineMs, sgemmMs) = medianSideBySide(
            repetitions: repetitions,
            { try! conv.forward(input, into: &output) },
            {
                // Raw BLAS gets the same thread budget through its own threading.
                BLAS.threads = options.threads
                gemm.run()
                BLAS.threads = 1
            })
        let flops = 2.0 * Double(m * n * k * layer.configuration.groups)
        return ConvBenchRow(
            name: layer.name, kernel: layer.configuration.kernel.height, stride: layer.configuration.stride.height,
            m: m, n: n, k: k, engine_ms: engineMs, sgemm_ms: sgemmMs, ratio: engineMs / sgemmMs,
            gflops: flops / (engineMs * 1e6), algorithm: plan.algorithm.rawValue)
    }

    func printTable(_ rows: [ConvBenchRow], repetitions: Int) {
        print("Strata engine-bench conv: \(network.rawValue) @224\(pointwise ? " + ResNet-50 1x1 s1" : ""), batch 1, threads \(options.threads), median of \(repetitions)")
        print("OpenBLAS core \(BLAS.coreName): \(BLAS.configuration)")
        let header = ["layer", "k", "s", "algorithm", "M", "N", "K", "engine ms", "sgemm ms", "ratio", "GFLOP/s"]
        let widths = [20, 2, 2, 15, 5, 6, 5, 10, 10, 6, 8]
        func line(_ cells: [String]) -> String {
            zip(cells, widths).enumerated().map { index, pair in
                index == 0 || index == 3 ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: max(0, pair.1 - pair.0.count)) + pair.0
            }.joined(separator: "  ")
        }
        print(line(header))
        for row in rows {
            print(line([row.name, "\(row.kernel)", "\(row.stride)", row.algorithm, "\(row.m)", "\(row.n)", "\(row.k)",
                        String(format: "%.3f", row.engine_ms), String(format: "%.3f", row.sgemm_ms),
                        String(format: "%.3f", row.ratio), String(format: "%.1f", row.gflops)]))
        }
    }
}

/// One line of the table; the property names are the JSON keys.
struct ConvBenchRow: Encodable {
    let name: String
    let kernel: Int
    let stride: Int
    let m: Int, n: Int, k: Int
    let engine_ms: Double
    let sgemm_ms: Double
    let ratio: Double
    let gflops: Double
    let algorithm: String
}
