import ArgumentParser
import Foundation
@_spi(Diagnostics) import Strata

/// `engine-bench depthwise`: MobileNetV2's depthwise convolutions (bias and ReLU6 fused)
/// with each row kernel the CPU runs (Swift SIMD, AVX2/FMA), alternated in one process.
struct DepthwiseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depthwise",
        abstract: "Time MobileNetV2's depthwise convolutions (224x224, batch 1, 3x3, bias and ReLU6 fused) with each row kernel.")

    @OptionGroup var options: BenchOptions

    @OptionGroup var filter: LayerFilter

    func run() throws {
        let repetitions = options.quick ? 20 : 100
        Threading.workers = options.threads
        let kernels = DepthwiseKernel.available
        var rows: [DepthwiseBenchRow] = []
        for (layer, count) in mobileNetV2Depthwise where filter.includes(layer.name) {
            try checkAgainstReference(layer)
            rows.append(try measure(layer, count: count, kernels: kernels, repetitions: repetitions))
        }
        if options.json { return try printJSON(rows) }
        print("Strata engine-bench depthwise: MobileNetV2 @224, batch 1, threads \(options.threads), median of \(repetitions) runs; "
              + "preferred kernel \(DepthwiseKernel.preferred)")
        print("layer".padding(toLength: 14, withPad: " ", startingAt: 0) + "  count"
              + kernels.map { "\($0) ms".leftPadded(12) + "min".leftPadded(9) + "GFLOP/s".leftPadded(9) }.joined()
              + (kernels.count > 1 ? "   ratio" : ""))
        for row in rows {
            print(row.name.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%7d", row.count)
                  + row.ms.indices.map { String(format: "%12.4f%9.4f%9.2f", row.ms[$0], row.min_ms[$0], row.gflops[$0]) }.joined()
                  + (kernels.count > 1 ? String(format: "%8.2f", row.ms[0] / row.ms[1]) : ""))
        }
        let totals = kernels.indices.map { k in rows.reduce(0) { $0 + $1.ms[k] * Double($1.count) } }
        let minimumTotals = kernels.indices.map { k in rows.reduce(0) { $0 + $1.min_ms[k] * Double($1.count) } }
        print("network total (each layer times its count), medians: "
              + zip(kernels, totals).map { String(format: "\($0.0) %.3f ms", $0.1) }.joined(separator: ", ")
              + "; fastest runs: " + zip(kernels, minimumTotals).map { String(format: "\($0.0) %.3f ms", $0.1) }.joined(separator: ", "))
    }

    func measure(_ layer: ConvLayerShape, count: Int, kernels: [DepthwiseKernel], repetitions: Int) throws -> DepthwiseBenchRow {
        var rng = SeededGenerator(seed: 1)
        let configuration = layer.configuration
        let weight = try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let bias = try Tensor.uniform([configuration.outChannels], low: -1, high: 1, using: &rng)
        let input = try Tensor.uniform([1, configuration.inChannels, layer.inputSize, layer.inputSize], low: -1, high: 1, using: &rng)
        let plan = try Conv2dPlan(configuration: configuration, inputShape: input.shape, activation: .relu6, workers: options.threads)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: plan.outputShape.elementCount)
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: max(plan.workspaceCount, 1))
        defer { output.deallocate(); workspace.deallocate() }
        let (x, w, b) = (input.scalars, weight.scalars, bias.scalars)
        let samples = alternatingSamples(repetitions: repetitions, kernels.map { kernel in
            {
                plan.executeDepthwise(input: x, weights: w, bias: b, output: output, workspace: workspace, kernel: kernel)
            }
        })
        let ms = samples.map(median)
        let flops = 2.0 * Double(plan.outputShape.elementCount * configuration.kernel.height * configuration.kernel.width)
        return DepthwiseBenchRow(name: layer.name, count: count, kernels: kernels.map { "\($0)" }, ms: ms,
                                 min_ms: samples.map { $0.min()! }, gflops: ms.map { flops / ($0 * 1e6) })
    }
}

/// One line of the table; the property names are the JSON keys.
struct DepthwiseBenchRow: Encodable {
    let name: String
    let count: Int
    let kernels: [String]
    /// Medians, one per kernel.
    let ms: [Double]
    /// Fastest runs, one per kernel: on a loaded machine, the least disturbed.
    let min_ms: [Double]
    let gflops: [Double]
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
