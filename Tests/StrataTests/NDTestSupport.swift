@testable import Strata
import StrataReference

/// Shapes of any rank for the N-D broadcasting, transpose and audit tests, and a harness
/// that runs one op through both graph runners.

/// The largest size drawn per axis at each rank 0...8, so a random case stays at a few
/// thousand elements whatever its rank (3^8 = 6561).
let ndMaximumSize = [1, 37, 19, 11, 7, 5, 4, 3, 3]

/// Random sizes for a rank: odd sizes included, and a size of 1 on about one axis in four
/// (so size-1 axes get dropped and merged around).
func randomNDDimensions(rank: Int, using rng: inout SeededGenerator) -> [Int] {
    (0..<rank).map { _ in Int.random(in: 0..<4, using: &rng) == 0 ? 1 : Int.random(in: 2...max(2, ndMaximumSize[rank]), using: &rng) }
}

/// Runs one op on `inputs` (graph inputs named `x0`, `x1`, ...) through ``GraphRunner`` and
/// through a compiled graph; returns both outputs.
func runThroughGraphs(_ op: any GraphOp, _ inputs: [Tensor], workers: Int) throws -> (runner: Tensor, compiled: Tensor) {
    let b = try GraphBuilder(inputName: "x0", inputShape: inputs[0].shape.dimensions)
    var handles = [b.input]
    for (k, input) in inputs.enumerated().dropFirst() {
        handles.append(try b.addInput(name: "x\(k)", shape: input.shape.dimensions))
    }
    let node = try b.add(op, handles, name: "y")
    let graph = try b.build(outputs: [node])
    let named = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ("x\($0.offset)", $0.element) })
    let runner = try GraphRunner(graph, workers: workers).run(named)["y"]!
    let compiled = try graph.compiled(workers: workers).run(named)["y"]!
    return (runner, compiled)
}
