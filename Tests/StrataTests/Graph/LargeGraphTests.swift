@testable import Strata
import Testing

/// Planning a large graph costs about n·log n for n nodes, plus log n per pair of tensors
/// alive together: a 100,000-node chain once took 4 s in the arena planner alone (every
/// buffer checked against every placed one), and a fan-out of 4,000 ReLUs 34 s (every
/// step of every lifetime walked). Guarded by the planner's own work count, not by a clock.
@Suite struct LargeGraphTests {
    @Test func aLongChainPlansInLinearWork() throws {
        let nodes = 20_000
        let b = try GraphBuilder(inputShape: [1, 4], seed: 1)
        var x = b.input
        for index in 0..<nodes { x = try b.relu(x, name: "relu\(index)") }
        let graph = try b.build(outputs: [x])
        let plan = ArenaPlan(graph: graph, keeping: [])
        // Each ReLU's output lives two steps and meets at most its neighbours: a few
        // root-to-leaf paths of the 2^15-leaf index per buffer (quadratic would be 2·10^8).
        #expect(plan.indexNodesVisited <= 4 * 16 * nodes, "\(plan.indexNodesVisited) index nodes visited for \(nodes) nodes")
        // Two buffers, used in turn, are all a chain needs.
        #expect(plan.count == 2 * ArenaPlan.alignment)
        let output = try graph.compiled().run(Tensor(shape: [1, 4], values: [-1, 0, 0.5, 2])).output
        #expect(output.scalars == [0, 0, 0.5, 2])
    }

    /// `width` ReLUs of one input, then summed by a chain of Adds: ReLU i lives until the
    /// i-th Add, so about width²/2 pairs of tensors are alive together.
    @Test func aWideFanOutPlansInWorkPerLivePair() throws {
        let width = 1_000
        let b = try GraphBuilder(inputShape: [1, 4], seed: 1)
        let branches = try (0..<width).map { try b.relu(b.input, name: "relu\($0)") }
        var sum = branches[0]
        for index in 1..<width { sum = try b.add(sum, branches[index], name: "add\(index)") }
        let graph = try b.build(outputs: [sum])
        let plan = ArenaPlan(graph: graph, keeping: [])
        // Measured: about 4 index nodes per live pair (2·10^6). Walking lifetimes step by
        // step visited about width³/3 = 3·10^8.
        let pairs = width * width / 2
        #expect(plan.indexNodesVisited <= 8 * pairs, "\(plan.indexNodesVisited) index nodes visited for \(pairs) live pairs")
        let output = try graph.compiled().run(Tensor(shape: [1, 4], values: [-1, 0, 0.5, 2])).output
        #expect(output.scalars == [0, 0, 0.5 * Float(width), 2 * Float(width)])
    }
}
