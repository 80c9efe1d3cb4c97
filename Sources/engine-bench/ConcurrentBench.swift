import ArgumentParser
import Foundation
import Strata
import Synchronization

/// `engine-bench concurrent`: one compiled network shared by several threads, the way a
/// server shares an onnxruntime session. Every result must be bit-identical to the
/// single-threaded one; reports throughput against one thread running alone, the
/// execution states the overlapping runs made, and what each costs.
struct ConcurrentBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concurrent",
        abstract: "Run one compiled network from several threads at once; check every result and time it.")

    @OptionGroup var model: ModelArgument

    @Option(help: "Input height and width (default 224, 28 for seednet).")
    var size: Int?

    @Option(help: "Concurrent tasks (>= 1).")
    var tasks: Int = 8

    @Option(help: "Inferences per task (>= 1).")
    var runs: Int = 200

    @Option(help: "Threads of the execution context the runs share (>= 1).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        guard tasks >= 1, runs >= 1, threads >= 1 else { throw ValidationError("--tasks, --runs and --threads must be >= 1") }
        let inputSize = size ?? ModelZoo.defaultInputSize(model.name)
        let graph = try ModelZoo.build(model.name, inputSize: inputSize, seed: 1)
        let compiled = try graph.compiled(context: try ExecutionContext(threads: threads))
        var rng = SeededGenerator(seed: 2)
        let inputs = try (0..<4).map { _ in try Tensor.uniform(graph.input.outputShape.dimensions, low: -1, high: 1, using: &rng) }
        let expected = try inputs.map { try compiled.run($0).output.scalars }
        let alone = try timed { for run in 0..<runs { _ = try compiled.run(inputs[run % inputs.count]) } } / Double(runs)

        let mismatches = Atomic<Int>(0)
        let failures = Locked<[String]>([])
        let elapsed = timed {
            DispatchQueue.concurrentPerform(iterations: tasks) { task in
                for run in 0..<runs {
                    let k = (task + run) % inputs.count
                    do {
                        if try compiled.run(inputs[k]).output.scalars != expected[k] { mismatches.add(1, ordering: .relaxed) }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
        }
        let total = tasks * runs
        let stateBytes = (compiled.arenaCount + compiled.workspaceCount) * MemoryLayout<Float>.stride
        print("""
            \(model.name) \(inputSize)x\(inputSize), context of \(threads) thread(s), \(tasks) tasks x \(runs) runs
              results differing from the single-threaded run: \(mismatches.load(ordering: .relaxed)) of \(total); errors: \(failures.withLock { $0.count })
              one thread alone \(String(format: "%.2f", alone)) ms per run; concurrent \(String(format: "%.2f", elapsed / Double(total))) ms per run \
            (throughput \(String(format: "%.2f", alone / (elapsed / Double(total))))x)
              execution states made \(compiled.executionStateCount), each \(String(format: "%.1f", Double(stateBytes) / 1_048_576)) MiB \
            (arena + workspace); weights \(String(format: "%.1f", Double(graph.parameterCount * 4) / 1_048_576)) MiB, shared
              peak resident \(String(format: "%.1f", Double(ProcessMemory.peakResidentBytes) / 1_048_576)) MiB
            """)
        if mismatches.load(ordering: .relaxed) > 0 || failures.withLock({ !$0.isEmpty }) { throw ExitCode(1) }
    }
}
