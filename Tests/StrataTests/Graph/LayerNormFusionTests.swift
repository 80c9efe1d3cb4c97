import Foundation
import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// ``LayerNormOp`` and ``LayerNormStatisticsOp`` (any axis, optional scale and bias) against
/// the reference table, and the compiler's fusion of the decomposed layer norm: which graphs
/// fuse, and that the fused graph equals the unfused one on random inputs.
@Suite struct LayerNormFusionTests {
    static let seed: UInt64 = 20_261_131

    @Test(arguments: [1, 2])
    func layerNormOpsMatchReference(workers: Int) throws {
        var rng = SeededGenerator(seed: Self.seed + UInt64(workers))
        for index in 0..<40 {
            let rank = Int.random(in: 1...5, using: &rng)
            let shape = randomDimensions(Array(repeating: 1...8, count: rank), using: &rng)
            let axis = Int.random(in: 0..<rank, using: &rng)
            let passed = index % 2 == 0 ? axis : axis - rank
            let normalized = Array(shape[axis...])
            let gamma = index % 3 == 0 ? nil : try Tensor.uniform(normalized, using: &rng)
            let beta = index % 4 == 0 ? nil : try Tensor.uniform(normalized, using: &rng)
            let epsilon: Float = [1e-5, 1e-3, 0.1][index % 3]
            let x = try Tensor.uniform(shape, low: -3, high: 3, using: &rng)
            let ops: [any GraphOp] = [
                LayerNormOp(axis: passed, gamma: gamma, beta: beta, epsilon: epsilon),
                LayerNormStatisticsOp(.mean, axis: passed, epsilon: epsilon),
                LayerNormStatisticsOp(.inverseStandardDeviation, axis: passed, epsilon: epsilon),
            ]
            for op in ops {
                let expected = try referenceOutput(of: op, inputs: [x])
                let (runner, compiled) = try runThroughGraphs(op, [x], workers: workers)
                for (who, actual) in [("runner", runner), ("compiled", compiled)] {
                    let comparison = try actual.compared(with: expected)
                    #expect(comparison.relativeError <= opTolerance,
                            "seed \(Self.seed + UInt64(workers)) case \(index) \(op.opName) \(who) \(shape) axis \(passed): \(comparison)")
                }
            }
        }
    }

    /// Rows [1, 3] and [5, 5] with epsilon 0: means 2 and 5, variances 1 and 0, so row 0
    /// normalizes to [−1, 1] with InvStdDev 1, and the constant row's InvStdDev is 1/√0 = ∞.
    @Test func statisticsByHand() throws {
        let x = try Tensor(shape: [2, 2], values: [1, 3, 5, 5])
        let mean = try runThroughGraphs(LayerNormStatisticsOp(.mean, axis: -1, epsilon: 0), [x], workers: 1).compiled
        let inverse = try runThroughGraphs(LayerNormStatisticsOp(.inverseStandardDeviation, axis: 1, epsilon: 0), [x], workers: 1).compiled
        #expect(mean.shape == [2, 1] && mean.scalars == [2, 5])
        #expect(inverse.scalars[0] == 1 && inverse.scalars[1] == .infinity)   // a constant row: 1/√0
        let y = try runThroughGraphs(LayerNormOp(axis: 1, epsilon: 0), [x], workers: 1).compiled
        #expect(y.scalars[0] == -1 && y.scalars[1] == 1)
    }

    /// The pattern, with and without γ and β, Pow or Mul for the square, 1 to 3 normalized
    /// axes: compiled with the fusion it is one LayerNorm node (plus the input) and equals the
    /// graph compiled without it and run as written (relative error <= 1e-5).
    @Test func fusedEqualsUnfused() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<24 {
            let k = index % 3 + 1
            let shape = [Int.random(in: 1...3, using: &rng)] + randomDimensions(Array(repeating: 1...13, count: 3), using: &rng)
            let normalized = Array(shape.suffix(k))
            // γ and β of the full normalized shape, or broadcast from fewer axes.
            let gamma = index % 4 == 1 ? nil : try Tensor.uniform(index % 2 == 0 ? normalized : [normalized.last!], using: &rng)
            let beta = index % 4 == 2 ? nil : try Tensor.uniform(index % 3 == 0 ? [1] + normalized : [normalized.last!], using: &rng)
            let graph = try DecomposedLayerNorm.graph(shape: shape, normalizedAxes: k, epsilon: [1e-5, 1e-2][index % 2],
                                                      gamma: gamma, beta: beta, square: index % 5 == 0 ? .mul : .pow)
            let fused = try graph.compiled(workers: index % 2 + 1)
            let unfused = try graph.compiled(options: CompileOptions(fuseLayerNorm: false), workers: 1)
            #expect(fused.graph.nodes.count == 2, "case \(index): \(fused.graph.nodes.map(\.op.opName))")
            #expect(fused.graph.nodes.last?.op is LayerNormOp)
            #expect(fused.graph.outputNames == graph.outputNames)
            let x = try Tensor.uniform(shape, low: -2, high: 4, using: &rng)
            let asWritten = try GraphRunner(graph).run(x).output
            for expected in [asWritten, try unfused.run(x).output] {
                let comparison = try fused.run(x).output.compared(with: expected)
                #expect(comparison.relativeError <= 1e-5, "seed \(Self.seed) case \(index) \(shape) k \(k): \(comparison)")
            }
        }
    }

    /// No fusion when an intermediate is needed elsewhere (a graph output, a kept feature
    /// map) or when the axes are not the trailing ones; the result is unchanged.
    @Test func leavesOtherGraphsAlone() throws {
        let shape = [2, 3, 5]
        let exposed = try DecomposedLayerNorm.graph(shape: shape, normalizedAxes: 1, extraOutput: "variance")
        #expect(try !exposed.compiled().graph.nodes.contains { $0.op is LayerNormOp })
        let plain = try DecomposedLayerNorm.graph(shape: shape, normalizedAxes: 2)
        #expect(try !plain.compiled(options: CompileOptions(keeping: ["centered"])).graph.nodes.contains { $0.op is LayerNormOp })
        #expect(try plain.compiled().graph.nodes.contains { $0.op is LayerNormOp })
        // Means over axis 1 only (not trailing): built by hand.
        let middle = try Graph(inputName: "x", inputShape: [2, 3, 5], nodes: [
            .init(name: "m", op: ReduceOp(ReduceConfiguration(.mean, axes: [1], rank: 3)), inputs: ["x"]),
            .init(name: "d", op: BinaryOp(.sub), inputs: ["x", "m"]),
            .init(name: "p", op: BinaryOp(.mul), inputs: ["d", "d"]),
            .init(name: "v", op: ReduceOp(ReduceConfiguration(.mean, axes: [1], rank: 3)), inputs: ["p"]),
            .init(name: "e", op: ConstantOp(Tensor(shape: [1] as Shape, repeating: 1e-5)), inputs: []),
            .init(name: "a", op: BinaryOp(.add), inputs: ["v", "e"]),
            .init(name: "s", op: ActivationOp(.relu), inputs: ["a"]),   // not a Sqrt
            .init(name: "y", op: BinaryOp(.div), inputs: ["d", "s"]),
        ], outputs: ["y"])
        #expect(try !middle.compiled().graph.nodes.contains { $0.op is LayerNormOp })
    }
}
