import Strata
import StrataDiagnostics
import Testing

/// Shared by the data-movement and indexing tests (Slice, Split, Tile, Expand, Gather,
/// GatherElements, ArgMax): these ops only move values or pick indices, so their outputs
/// must equal the reference exactly (NaN equal to NaN).

/// Equal element by element, NaN equal to NaN, zeros with their sign.
func identical(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
}

/// Runs `op` on `inputs` through ``GraphRunner`` and a compiled graph with 1 and 2 workers
/// and expects exactly the reference table's output; `label` names the case (with its
/// seed) in failures. Returns the reference output.
@discardableResult
func expectMatchesReference(_ op: any GraphOp, _ inputs: [Tensor], _ label: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> Tensor {
    let expected = try referenceOutput(of: op, inputs: inputs)
    for workers in [1, 2] {
        let (runner, compiled) = try runThroughGraphs(op, inputs, workers: workers)
        for (name, actual) in [("runner", runner), ("compiled", compiled)] {
            #expect(actual.shape == expected.shape, "\(label) \(name) workers \(workers): shape \(actual.shape), reference \(expected.shape)",
                    sourceLocation: sourceLocation)
            if actual.shape == expected.shape, !identical(actual.scalars, expected.scalars) {
                let first = actual.scalars.indices.first { !identical([actual.scalars[$0]], [expected.scalars[$0]]) }!
                Issue.record("\(label) \(name) workers \(workers): element \(first) is \(actual.scalars[first]), reference \(expected.scalars[first])",
                             sourceLocation: sourceLocation)
            }
        }
    }
    return expected
}

/// `dimensions` filled with 0, 1, 2, ... (every element distinct and exact).
func counting(_ dimensions: [Int]) throws -> Tensor {
    let count = dimensions.reduce(1, *)
    return try Tensor(shape: dimensions, values: (0..<count).map(Float.init))
}

/// The output of `op` on `inputs` through ``GraphRunner`` (1 worker).
func runOp(_ op: any GraphOp, _ inputs: [Tensor]) throws -> Tensor {
    try runThroughGraphs(op, inputs, workers: 1).runner
}
