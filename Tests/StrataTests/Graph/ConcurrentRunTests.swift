import Foundation
import Synchronization
@testable import Strata
import Testing

/// One compiled graph (and one model) shared by many threads, as a server shares an
/// onnxruntime session: every concurrent result is bit-identical to the single-threaded
/// one, and each overlapping run costs an arena, not the weights.
@Suite struct ConcurrentRunTests {
    static let tasks = 8

    /// Runs `body(task, run)` for `tasks` x `runs` on concurrent threads. (`engine-bench
    /// concurrent` runs 8 x 200 on full-size networks; a debug build here runs fewer.)
    static func hammer(runs: Int, _ body: @escaping @Sendable (Int, Int) throws -> Void) throws {
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: tasks) { task in
            for run in 0..<runs {
                do { try body(task, run) } catch { failures.withLock { $0.append("task \(task) run \(run): \(error)") } }
            }
        }
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) failures, first: \(found.first ?? "")")
    }

    /// A small residual network with every fusion (8 x 200 runs), and MobileNetV2 (8 x 25).
    @Test(arguments: [("residual", 200), ("mobilenetv2", 25)])
    func concurrentRunsAreBitIdentical(model: String, runs: Int) throws {
        let graph = model == "residual"
            ? try CompiledGraphTests.testGraph() : try ModelZoo.build(model, inputSize: 32, classes: 10, seed: 4)
        let compiled = try graph.compiled()
        var rng = SeededGenerator(seed: 11)
        // A few different inputs, so a run that read another run's arena would show.
        let inputs = try (0..<4).map { _ in try Tensor.uniform(graph.input.outputShape.dimensions, low: -1, high: 1, using: &rng) }
        let expected = try inputs.map { try compiled.run($0).output.scalars }
        try Self.hammer(runs: runs) { task, run in
            let k = (task + run) % inputs.count
            let output = try compiled.run(inputs[k]).output.scalars
            guard output == expected[k] else {
                throw StrataError.invalidArgument("\(model): output for input \(k) differs from the single-threaded run")
            }
        }
        // At most one state per concurrently running task; each is an arena and a
        // workspace, the weights are shared.
        #expect(compiled.executionStateCount >= 1 && compiled.executionStateCount <= Self.tasks)
    }

    @Test func aModelIsSharedAcrossThreads() throws {
        let graph = try ModelZoo.build("seednet", classes: 10, seed: 4)
        let model = Model(graph)
        var rng = SeededGenerator(seed: 12)
        let input = try Tensor.uniform(graph.input.outputShape.dimensions, using: &rng)
        let expected = try model.run(input)[graph.outputNames[0]]!.scalars
        try Self.hammer(runs: 200) { _, _ in
            guard try model.run(input)[graph.outputNames[0]]!.scalars == expected else {
                throw StrataError.invalidArgument("seednet output differs from the single-threaded run")
            }
        }
        #expect(model.planStatistics.plans == 1)
    }
}
