@testable import Strata
import Testing

/// Planning a large graph is linear in its nodes: a 100,000-node chain once took 4 s in
/// the arena planner alone (every buffer checked against every placed one). Guarded by
/// the planner's own work count, not by a clock.
@Suite struct LargeGraphTests {
    @Test func aLongChainPlansInLinearWork() throws {
        let nodes = 20_000
        let b = try GraphBuilder(inputShape: [1, 4], seed: 1)
        var x = b.input
        for index in 0..<nodes { x = try b.relu(x, name: "relu\(index)") }
        let graph = try b.build(outputs: [x])
        let plan = ArenaPlan(graph: graph, keeping: [])
        // Each ReLU's output lives two steps and meets at most its neighbours.
        #expect(plan.placedBuffersVisited <= 4 * nodes, "\(plan.placedBuffersVisited) buffers visited for \(nodes) nodes")
        // Two buffers, used in turn, are all a chain needs.
        #expect(plan.count == 2 * ArenaPlan.alignment)
        let output = try graph.compiled().run(Tensor(shape: [1, 4], values: [-1, 0, 0.5, 2])).output
        #expect(output.scalars == [0, 0, 0.5, 2])
    }
}
