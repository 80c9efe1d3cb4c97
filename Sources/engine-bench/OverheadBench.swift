import ArgumentParser
import Foundation
import Strata

/// `engine-bench overhead`: what a compiled graph costs per node apart from its kernels,
/// measured on a chain of ReLUs over one float (the kernel itself is a few nanoseconds).
struct OverheadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overhead",
        abstract: "Time a compiled chain of one-element ReLU nodes: the per-node cost of a run.")

    @Option(help: "Nodes in the chain (>= 1).")
    var nodes: Int = 1000

    @Option(help: "Threads for the engine (>= 1).")
    var threads: Int = 1

    @Option(help: "Timed runs (>= 1).")
    var runs: Int = 200

    func run() throws {
        guard nodes >= 1, threads >= 1, runs >= 1 else { throw ValidationError("--nodes, --threads and --runs must be >= 1") }
        let context = try ExecutionContext(threads: threads)
        let b = try GraphBuilder(inputShape: [1, 1, 1, 1], seed: 1)
        var x = b.input
        for index in 0..<nodes { x = try b.relu(x, name: "relu\(index)") }
        let compiled = try b.build(outputs: [x]).compiled(context: context)
        let input = try Tensor(shape: [1, 1, 1, 1], values: [0.5])
        var output = try Tensor(shape: [1, 1, 1, 1])
        for _ in 0..<10 { try compiled.run(input, into: &output) }
        let times = try (0..<runs).map { _ in try timed { try compiled.run(input, into: &output) } }
        let p50 = median(times)
        print(String(format: "%d nodes, %d thread(s): p50 %.3f ms per run, %.1f ns per node", nodes, threads, p50, p50 * 1e6 / Double(nodes)))
    }
}
