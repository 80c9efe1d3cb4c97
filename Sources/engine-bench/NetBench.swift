import ArgumentParser
import Foundation
import Strata

/// `engine-bench net NAME`: a whole network, compiled, against the same network run
/// unoptimized, in one process.
struct NetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "net",
        abstract: "Time a whole network (compiled for inference) and the same network run unoptimized.")

    @OptionGroup var model: ModelArgument

    @Option(help: "Images per batch (>= 1).")
    var batch: Int = 1

    @Option(help: "Input height and width (default 224, 28 for seednet).")
    var size: Int?

    @Option(help: "Threads for the engine (>= 1).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Timed runs of the compiled network (>= 1).")
    var runs: Int = 30

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Also print the compiled network's time per node (median of the timed runs).")
    var profile = false

    @Flag(help: "Print the network's summary table (parameters, MACs, receptive fields) and stop.")
    var summary = false

    @Option(help: "Run every convolution with this algorithm where it applies (default: the cost model's choice): \(ConvAlgorithm.allValueStrings.joined(separator: ", ")).")
    var convAlgorithm: ConvAlgorithm?

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be >= 1, got \(batch)") }
        guard threads >= 1 else { throw ValidationError("--threads must be >= 1, got \(threads)") }
        guard runs >= 1 else { throw ValidationError("--runs must be >= 1, got \(runs)") }
        if let size, size < 1 { throw ValidationError("--size must be >= 1, got \(size)") }
    }

    func run() throws {
        Threading.workers = threads
        let inputSize = size ?? ModelZoo.defaultInputSize(model.name)
        let graph = try ModelZoo.build(model.name, inputSize: inputSize, batch: batch, seed: 1)
        if summary {
            print(try graph.summary())
            return
        }
        var rng = SeededGenerator(seed: 2)
        let input = try Tensor.uniform(graph.input.outputShape.dimensions, low: -1, high: 1, using: &rng)

        let compiled = try graph.compiled(options: CompileOptions(convolutionAlgorithm: convAlgorithm))
        var output = Tensor(shape: compiled.outputShape)
        for _ in 0..<3 { try compiled.run(input, into: &output) }
        let times = try (0..<runs).map { _ in try timed { try compiled.run(input, into: &output) } }
        // Before the unoptimized runner, which keeps every node's output.
        let peakResidentBytes = ProcessMemory.peakResidentBytes
        let unoptimized = try GraphRunner(graph)
        _ = try unoptimized.run(input)
        let unoptimizedRuns = max(3, runs / 5)
        let unoptimizedTimes = try (0..<unoptimizedRuns).map { _ in try timed { _ = try unoptimized.run(input) } }

        let p50 = percentile(times, 0.5), p95 = percentile(times, 0.95)
        let macs = try graph.summary().totalMACs
        let result = NetBenchResult(
            model: model.name, batch: batch, size: inputSize, threads: threads,
            images_per_s: Double(batch) / (p50 / 1000), p50_ms: p50, p95_ms: p95,
            gflops: 2 * Double(macs) / (p50 * 1e6), params: graph.parameterCount,
            arena_bytes: compiled.arenaCount * MemoryLayout<Float>.stride,
            workspace_bytes: compiled.workspaceCount * MemoryLayout<Float>.stride, peak_rss_bytes: peakResidentBytes,
            unoptimized_p50_ms: percentile(unoptimizedTimes, 0.5))
        if profile {
            let profiles = try (0..<runs).map { _ in try compiled.profile(input, clock: milliseconds) }
            for (index, entry) in profiles[0].enumerated() {
                let time = percentile(profiles.map { $0[index].milliseconds }, 0.5)
                print(entry.node.padding(toLength: 28, withPad: " ", startingAt: 0),
                      entry.op.padding(toLength: 22, withPad: " ", startingAt: 0), String(format: "%8.3f ms", time))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print("""
                \(model.name) batch \(batch) size \(inputSize) threads \(threads) (OpenBLAS \(BLAS.coreName)), \(runs) runs
                  p50 \(String(format: "%.2f", p50)) ms, p95 \(String(format: "%.2f", p95)) ms, \
                \(String(format: "%.1f", result.images_per_s)) images/s, \(String(format: "%.1f", result.gflops)) GFLOP/s
                  parameters \(result.params), arena \(result.arena_bytes) bytes, workspace \(result.workspace_bytes) bytes, \
                peak resident \(String(format: "%.1f", Double(peakResidentBytes) / 1_048_576)) MiB
                  unoptimized p50 \(String(format: "%.2f", result.unoptimized_p50_ms)) ms \
                (optimized/unoptimized \(String(format: "%.3f", p50 / result.unoptimized_p50_ms)))
                """)
        }
    }
}

/// The `--json` object; property names are the keys.
struct NetBenchResult: Encodable {
    let model: String
    let batch: Int
    let size: Int
    let threads: Int
    let images_per_s: Double
    let p50_ms: Double
    let p95_ms: Double
    let gflops: Double
    let params: Int
    let arena_bytes: Int
    let workspace_bytes: Int
    /// The process's peak resident set size after the compiled runs (before the
    /// unoptimized runner, which keeps every node's output).
    let peak_rss_bytes: Int
    let unoptimized_p50_ms: Double
}
