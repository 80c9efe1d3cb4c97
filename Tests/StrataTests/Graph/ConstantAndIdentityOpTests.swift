@testable import Strata
import StrataDiagnostics
import Testing

/// Zero-input constants and aliasing identities, as the ONNX importer produces them: the
/// topological sort, the arena planner and both runners must handle them.
@Suite struct ConstantAndIdentityOpTests {
    /// input → conv → (+ constant [1, C, 1, 1]) → identity → (× constant [1]) → reshape → output
    static func graph() throws -> Graph {
        var rng = SeededGenerator(seed: 9)
        let config = Conv2dConfiguration(inChannels: 2, outChannels: 3, kernel: 3, padding: .symmetric(1))
        let conv = try ConvOp(config, weight: Tensor.uniform(config.weightDimensions, using: &rng), bias: nil)
        let shift = try Tensor.uniform([1, 3, 1, 1], using: &rng)
        return try Graph(inputName: "x", inputShape: [2, 2, 5, 4], nodes: [
            .init(name: "reshape", op: IdentityOp(reshapingTo: [2, 60]), inputs: ["scaled"]),
            .init(name: "scaled", op: BinaryOp(.mul), inputs: ["same", "scale"]),
            .init(name: "scale", op: ConstantOp(try Tensor(shape: [1], values: [-2])), inputs: []),
            .init(name: "conv", op: conv, inputs: ["x"]),
            .init(name: "shift", op: ConstantOp(shift), inputs: []),
            .init(name: "shifted", op: BinaryOp(.add), inputs: ["conv", "shift"]),
            .init(name: "same", op: IdentityOp(), inputs: ["shifted"]),
        ], outputs: ["reshape"])
    }

    @Test func compiledAndUnoptimizedAgreeWithReference() throws {
        let graph = try Self.graph()
        #expect(graph.nodes.map(\.op.opName).filter { $0 == "Constant" }.count == 2)
        var rng = SeededGenerator(seed: 10)
        let input = try Tensor.uniform([2, 2, 5, 4], low: -1, high: 1, using: &rng)
        // The reference: every node's naive kernel, in order.
        var values: [Tensor] = [input]
        for node in graph.nodes.dropFirst() { values.append(try referenceOutput(of: node.op, inputs: node.inputs.map { values[$0] })) }
        let expected = values[graph.outputs[0]]
        #expect(expected.shape == [2, 60])
        for workers in [1, 2] {
            let unoptimized = try GraphRunner(graph, workers: workers).run(input).output.compared(with: expected)
            #expect(unoptimized.relativeError <= 1e-5, "workers \(workers): \(unoptimized)")
            let compiled = try graph.compiled(workers: workers)
            for _ in 0..<2 {   // a second run must see the constants again
                let result = try compiled.run(input).output.compared(with: expected)
                #expect(result.relativeError <= 1e-5, "workers \(workers): \(result)")
            }
        }
    }

    @Test func identityAliasesAndConstantsGetArenaSlots() throws {
        let graph = try Self.graph()
        let plan = ArenaPlan(graph: graph, keeping: [])
        let same = try graph.index(of: "same"), shifted = try graph.index(of: "shifted")
        #expect(plan.offsets[same] == plan.offsets[shifted])
        #expect(plan.offsets[try graph.index(of: "scale")] != nil)
    }

    @Test func identityOfTheGraphInputIsTheInput() throws {
        let graph = try Graph(inputName: "x", inputShape: [1, 6], nodes: [
            .init(name: "y", op: IdentityOp(reshapingTo: [2, 3]), inputs: ["x"]),
        ], outputs: ["y"])
        let input = try Tensor(shape: [1, 6], values: [1, 2, 3, 4, 5, 6])
        let output = try graph.compiled().run(input).output
        #expect(output.shape == [2, 3] && output.scalars == input.scalars)
    }

    @Test func reshapeToADifferentElementCountFails() throws {
        #expect(throws: GraphError.self) {
            _ = try Graph(inputName: "x", inputShape: [1, 6], nodes: [
                .init(name: "y", op: IdentityOp(reshapingTo: [4, 2]), inputs: ["x"]),
            ], outputs: ["y"])
        }
    }
}
