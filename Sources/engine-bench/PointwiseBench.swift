import ArgumentParser
import Foundation
@_spi(Diagnostics) import Strata

/// `engine-bench pointwise`: MobileNetV2's 1x1 convolutions (bias and ReLU6 fused where the
/// network has them) with each kernel the CPU runs (OpenBLAS with the bias and activation
/// around it, the fused AVX2 GEMM), against raw sgemm of the same M/N/K, alternated.
struct PointwiseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pointwise",
        abstract: "Time MobileNetV2's 1x1 convolutions (224x224, batch 1, bias and activation fused) against raw cblas_sgemm.")

    @OptionGroup var options: BenchOptions

    @OptionGroup var filter: LayerFilter

    func run() throws {
        let repetitions = options.quick ? 20 : 60
        Threading.workers = options.threads
        var rows: [PointwiseBenchRow] = []
        for layer in mobileNetV2Pointwise where filter.includes(layer.name) {
            rows.append(try measure(layer, repetitions: repetitions))
        }
        if options.json { return try printJSON(rows) }
        print("Strata engine-bench pointwise: MobileNetV2 @224, batch 1, threads \(options.threads), median of \(repetitions) runs")
        print("OpenBLAS core \(BLAS.coreName): \(BLAS.configuration)")
        let kernels = PointwiseKernel.available
        print("layer".padding(toLength: 14, withPad: " ", startingAt: 0) + "  count     M      N     K"
              + kernels.map { "\($0) ms".leftPadded(14) }.joined() + "  sgemm ms  GFLOP/s (\(kernels.last!))")
        for row in rows {
            print(row.name.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "%7d%6d%7d%6d", row.count, row.m, row.n, row.k)
                  + row.ms.map { String(format: "%14.4f", $0) }.joined() + String(format: "%10.4f%9.1f", row.sgemm_ms, row.gflops))
        }
        let totals = kernels.indices.map { index in rows.reduce(0) { $0 + $1.ms[index] * Double($1.count) } }
        let sgemm = rows.reduce(0) { $0 + $1.sgemm_ms * Double($1.count) }
        print("network total (each layer times its count): "
              + zip(kernels, totals).map { String(format: "\($0.0) %.3f ms, ", $0.1) }.joined() + String(format: "sgemm %.3f ms", sgemm))
    }

    func measure(_ layer: PointwiseLayer, repetitions: Int) throws -> PointwiseBenchRow {
        var rng = SeededGenerator(seed: 1)
        let configuration = Conv2dConfiguration(inChannels: layer.inChannels, outChannels: layer.outChannels, kernel: 1)
        let op = try ConvOp(configuration, weight: try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng),
                            bias: try Tensor.uniform([layer.outChannels], low: -1, high: 1, using: &rng), activation: layer.activation)
        let input = try Tensor.uniform([1, layer.inChannels, layer.size, layer.size], low: -1, high: 1, using: &rng)
        let outputShape = try op.outputShape(for: [input.shape])
        let plan = try Conv2dPlan(configuration: configuration, inputShape: input.shape, activation: layer.activation,
                                  workers: options.threads)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: outputShape.elementCount)
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: max(plan.workspaceCount, 1))
        defer { output.deallocate(); workspace.deallocate() }
        let (m, n, k) = (layer.outChannels, layer.size * layer.size, layer.inChannels)
        let gemm = try RawGemm(m: m, n: n, k: k, generator: &rng)
        let (x, w, b) = (input.scalars, op.weight.scalars, op.bias!.scalars)
        let runs = PointwiseKernel.available.map { kernel in
            { plan.executePointwise(input: x, weights: w, bias: b, output: output, workspace: workspace, kernel: kernel) }
        }
        let raw = {
            BLAS.threads = options.threads
            gemm.run()
            BLAS.threads = 1
        }
        let samples = alternatingSamples(repetitions: repetitions, settling: [runs.count], runs + [raw])
        let ms = samples.dropLast().map(median)
        return PointwiseBenchRow(name: layer.name, count: layer.count, m: m, n: n, k: k, ms: ms, sgemm_ms: median(samples.last!),
                                 gflops: 2 * Double(m * n * k) / (ms.last! * 1e6))
    }
}

/// One line of the table; the property names are the JSON keys.
struct PointwiseBenchRow: Encodable {
    let name: String
    let count: Int
    let m: Int, n: Int, k: Int
    /// Medians, one per kernel (``PointwiseKernel/available``).
    let ms: [Double]
    let sgemm_ms: Double
    /// Of the last kernel.
    let gflops: Double
}
