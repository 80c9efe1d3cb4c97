import Strata
import Testing

@Suite struct GraphBuilderTests {
    @Test func shapesAreInferredAsNodesAreAdded() throws {
        let b = try GraphBuilder(inputShape: [2, 3, 16, 16], seed: 1)
        let stem = try b.conv(b.input, 8, kernel: 3, stride: 2, padding: .symmetric(1), name: "stem")
        #expect(b.shape(of: stem) == [2, 8, 8, 8])
        let pooled = try b.maxPool(b.relu(stem), kernel: 2)
        #expect(b.shape(of: pooled) == [2, 8, 4, 4])
        let branch = try b.conv(pooled, 8, kernel: 1)
        let joined = try b.add(pooled, branch)
        let head = try b.linear(b.flatten(b.globalAveragePool(joined)), 5, name: "head")
        #expect(b.shape(of: head) == [2, 5])
        let graph = try b.build()
        #expect(graph.nodes.map(\.name).first == "input")
        #expect(graph.nodes[graph.outputs[0]].name == "head")
    }

    @Test func wrongShapeFailsAtTheCallNamingNodeInputsAndExpectation() throws {
        let b = try GraphBuilder(inputShape: [1, 3, 8, 8], seed: 1)
        let a = try b.conv(b.input, 4, kernel: 3, padding: .same, name: "a")
        let c = try b.conv(b.input, 6, kernel: 3, padding: .same, name: "c")
        let error = #expect(throws: GraphError.self) { try b.add(a, c, name: "sum") }
        let message = error?.description ?? ""
        #expect(message.contains("'sum'") && message.contains("[1, 4, 8, 8]") && message.contains("[1, 6, 8, 8]"), "\(message)")
        let linearError = #expect(throws: GraphError.self) { try b.linear(a, 10, name: "fc") }
        #expect(linearError?.description.contains("'fc'") == true && linearError?.description.contains("flatten") == true)
    }

    @Test func duplicateNamesAreRejected() throws {
        let b = try GraphBuilder(inputShape: [1, 3, 8, 8], seed: 1)
        _ = try b.relu(b.input, name: "x")
        let error = #expect(throws: GraphError.self) { try b.relu(b.input, name: "x") }
        #expect(error?.description.contains("duplicate node name 'x'") == true)
    }

    @Test func specListReportsDanglingInputsAndCycles() throws {
        let input: Shape = [1, 2, 4, 4]
        let dangling = #expect(throws: GraphError.self) {
            try Graph(inputName: "in", inputShape: input,
                      nodes: [.init(name: "a", op: ActivationOp(.relu), inputs: ["in"]),
                              .init(name: "b", op: ActivationOp(.relu), inputs: ["missing"]),
                              .init(name: "a", op: ActivationOp(.relu), inputs: ["in"])],
                      outputs: ["b"])
        }
        let text = dangling?.description ?? ""
        #expect(text.contains("'missing'") && text.contains("duplicate node name 'a'"), "\(text)")

        let cycle = #expect(throws: GraphError.self) {
            try Graph(inputName: "in", inputShape: input,
                      nodes: [.init(name: "a", op: BinaryOp(.add), inputs: ["in", "b"]),
                              .init(name: "b", op: ActivationOp(.relu), inputs: ["a"])],
                      outputs: ["b"])
        }
        #expect(cycle?.description.contains("cycle") == true, "\(String(describing: cycle))")
    }

    @Test func specListIsSortedTopologically() throws {
        let graph = try Graph(
            inputName: "in", inputShape: [1, 2, 4, 4],
            nodes: [.init(name: "sum", op: BinaryOp(.add), inputs: ["r", "s"]),
                    .init(name: "s", op: ActivationOp(.sigmoid), inputs: ["in"]),
                    .init(name: "r", op: ActivationOp(.relu), inputs: ["in"])],
            outputs: ["sum"])
        #expect(graph.nodes.map(\.name).last == "sum")
        #expect(graph.nodes[graph.outputs[0]].outputShape == [1, 2, 4, 4])
    }
}
