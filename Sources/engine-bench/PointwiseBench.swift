import ArgumentParser
import Foundation
import Strata

/// `engine-bench pointwise`: MobileNetV2's 1x1 convolutions (bias and ReLU6 fused where the
/// network has them) through the graph's plan, against raw sgemm of the same M/N/K.
struct PointwiseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pointwise",
        abstract: "Time MobileNetV2's 1x1 convolutions (224x224, batch 1, bias and activation fused) against raw cblas_sgemm.")

    @OptionGroup var options: BenchOptions

    @Option(help: "Only the layers whose names contain this (e.g. pw7).")
    var only: String?

    func run() throws {
        let repetitions = options.quick ? 20 : 60
        Threading.workers = options.threads
        var rows: [PointwiseBenchRow] = []
        for layer in mobileNetV2Pointwise where only.map(layer.name.contains) ?? true {
            rows.append(try measure(layer, repetitions: repetitions))
        }
        if options.json { return try printJSON(rows) }
        print("Strata engine-bench pointwise: MobileNetV2 @224, batch 1, threads \(options.threads), median of \(repetitions) runs")
        print("OpenBLAS core \(BLAS.coreName): \(BLAS.configuration)")
        print("layer".padding(toLength: 14, withPad: " ", startingAt: 0) + "  count     M      N     K  engine ms  sgemm ms   ratio  GFLOP/s")
        for row in rows {
            print(row.name.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "%7d%6d%7d%6d%11.4f%10.4f%8.2f%9.1f", row.count, row.m, row.n, row.k, row.engine_ms, row.sgemm_ms,
                           row.ratio, row.gflops))
        }
        let engine = rows.reduce(0) { $0 + $1.engine_ms * Double($1.count) }
        let sgemm = rows.reduce(0) { $0 + $1.sgemm_ms * Double($1.count) }
        print(String(format: "network total (each layer times its count): engine %.3f ms, sgemm %.3f ms", engine, sgemm))
    }

    func measure(_ layer: PointwiseLayer, repetitions: Int) throws -> PointwiseBenchRow {
        var rng = SeededGenerator(seed: 1)
        let configuration = Conv2dConfiguration(inChannels: layer.inChannels, outChannels: layer.outChannels, kernel: 1)
        let op = try ConvOp(configuration, weight: try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng),
                            bias: try Tensor.uniform([layer.outChannels], low: -1, high: 1, using: &rng), activation: layer.activation)
        let input = try Tensor.uniform([1, layer.inChannels, layer.size, layer.size], low: -1, high: 1, using: &rng)
        let outputShape = try op.outputShape(for: [input.shape])
        let plan = try op.plan(inputs: [input.shape], output: outputShape, workers: options.threads)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: outputShape.elementCount)
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: max(plan.workspaceCount, 1))
        defer { output.deallocate(); workspace.deallocate() }
        let (m, n, k) = (layer.outChannels, layer.size * layer.size, layer.inChannels)
        let gemm = try RawGemm(m: m, n: n, k: k, generator: &rng)
        let (engineMs, sgemmMs) = input.scalars.withUnsafeBufferPointer { x in
            [UnsafePointer(x.baseAddress!)].withUnsafeBufferPointer { inputs in
                medianSideBySide(repetitions: repetitions, { plan.execute(inputs: inputs, output: output, workspace: workspace) }, {
                    BLAS.threads = options.threads
                    gemm.run()
                    BLAS.threads = 1
                })
            }
        }
        return PointwiseBenchRow(name: layer.name, count: layer.count, m: m, n: n, k: k, engine_ms: engineMs, sgemm_ms: sgemmMs,
                                 ratio: engineMs / sgemmMs, gflops: 2 * Double(m * n * k) / (engineMs * 1e6))
    }
}

/// One line of the table; the property names are the JSON keys.
struct PointwiseBenchRow: Encodable {
    let name: String
    let count: Int
    let m: Int, n: Int, k: Int
    let engine_ms: Double
    let sgemm_ms: Double
    let ratio: Double
    let gflops: Double
}
