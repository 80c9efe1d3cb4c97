import ArgumentParser
import Foundation
import Strata

/// `engine-bench depthwise`: MobileNetV2's depthwise convolutions (bias and ReLU6 fused),
/// each through the plan the compiled graph runs.
struct DepthwiseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depthwise",
        abstract: "Time MobileNetV2's depthwise convolutions (224x224, batch 1, 3x3, bias and ReLU6 fused).")

    @OptionGroup var options: BenchOptions

    func run() throws {
        let repetitions = options.quick ? 20 : 100
        Threading.workers = options.threads
        var rows: [DepthwiseBenchRow] = []
        for (layer, count) in mobileNetV2Depthwise {
            try checkAgainstReference(layer)
            rows.append(try measure(layer, count: count, repetitions: repetitions))
        }
        if options.json { return try printJSON(rows) }
        print("Strata engine-bench depthwise: MobileNetV2 @224, batch 1, threads \(options.threads), median of \(repetitions) runs")
        print("layer".padding(toLength: 14, withPad: " ", startingAt: 0) + "  count        ms   GFLOP/s")
        for row in rows {
            print(row.name.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "%7d%10.4f%10.2f", row.count, row.ms, row.gflops))
        }
        print(String(format: "network total (each layer times its count): %.3f ms", rows.reduce(0) { $0 + $1.ms * Double($1.count) }))
    }

    func measure(_ layer: ConvLayerShape, count: Int, repetitions: Int) throws -> DepthwiseBenchRow {
        var rng = SeededGenerator(seed: 1)
        let configuration = layer.configuration
        let op = try ConvOp(configuration, weight: try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng),
                            bias: try Tensor.uniform([configuration.outChannels], low: -1, high: 1, using: &rng),
                            activation: .relu6)
        let input = try Tensor.uniform([1, configuration.inChannels, layer.inputSize, layer.inputSize], low: -1, high: 1, using: &rng)
        let outputShape = try op.outputShape(for: [input.shape])
        let plan = try op.plan(inputs: [input.shape], output: outputShape, workers: options.threads)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: outputShape.elementCount)
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: max(plan.workspaceCount, 1))
        defer { output.deallocate(); workspace.deallocate() }
        let ms = input.scalars.withUnsafeBufferPointer { x in
            [UnsafePointer(x.baseAddress!)].withUnsafeBufferPointer { inputs in
                medianOfBlocks(repetitions: repetitions) { plan.execute(inputs: inputs, output: output, workspace: workspace) }
            }
        }
        let flops = 2.0 * Double(outputShape.elementCount * configuration.kernel.height * configuration.kernel.width)
        return DepthwiseBenchRow(name: layer.name, count: count, ms: ms, gflops: flops / (ms * 1e6))
    }
}

/// One line of the table; the property names are the JSON keys.
struct DepthwiseBenchRow: Encodable {
    let name: String
    let count: Int
    let ms: Double
    let gflops: Double
}
