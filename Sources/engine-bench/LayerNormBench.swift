import ArgumentParser
import Foundation
import Strata
import StrataDiagnostics

/// `engine-bench layernorm`: the decomposed layer norm (ReduceMean, Sub, Pow, ReduceMean,
/// Add, Sqrt, Div, Mul, Add) compiled as written and compiled with the layer-norm fusion,
/// side by side in one process, after checking that both give the same numbers.
struct LayerNormBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layernorm",
        abstract: "Time the decomposed layer norm unfused and fused (one LayerNorm node).")

    @Option(help: "Input shape, comma-separated; the last axis is normalized.")
    var shape: String = "8,197,768"

    @Option(help: "Threads for the engine (>= 1).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Timed runs of each (>= 1).")
    var runs: Int = 40

    @Option(help: "How the unfused graph squares x − mean: pow (the stand-in Pow, a scalar powf loop) or mul (Mul(d, d)).")
    var square: String = "pow"

    func run() throws {
        let dims = shape.split(separator: ",").compactMap { Int($0) }
        guard !dims.isEmpty, dims.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--shape must be sizes >= 1, got \(shape)") }
        guard ["pow", "mul"].contains(square) else { throw ValidationError("--square must be pow or mul, got \(square)") }
        Threading.workers = threads
        var rng = SeededGenerator(seed: 5)
        let normalized = dims.last!
        let graph = try DecomposedLayerNorm.graph(
            shape: dims, normalizedAxes: 1, gamma: Tensor.uniform([normalized], using: &rng),
            beta: Tensor.uniform([normalized], using: &rng), square: square == "mul" ? .mul : .pow)
        let unfused = try graph.compiled(options: CompileOptions(fuseLayerNorm: false), workers: threads)
        let fused = try graph.compiled(options: CompileOptions(), workers: threads)
        let x = try Tensor.uniform(dims, low: -2, high: 3, using: &rng)
        let error = try fused.run(x).output.compared(with: unfused.run(x).output)
        print("shape \(dims), \(threads) thread(s): \(unfused.graph.nodes.count) nodes unfused, \(fused.graph.nodes.count) fused; fused vs unfused \(error)")
        let (slow, fast) = medianSideBySide(repetitions: runs, settleSeconds: 0.01, { _ = try? unfused.run(x) }, { _ = try? fused.run(x) })
        print(String(format: "unfused %.3f ms, fused %.3f ms, speedup %.2fx", slow, fast, slow / fast))
    }
}
