@testable import Strata
import Testing

/// Graphs with several named inputs and outputs: building, running unoptimized and
/// compiled, and the errors for missing, unknown and mis-shaped inputs.
@Suite struct MultiInputGraphTests {
    /// y = relu(a + b) (b broadcast per channel), z = concat(a, y), w = b reshaped: three
    /// outputs, one of them an alias of an input.
    static func graph() throws -> Graph {
        try Graph(inputs: [("a", [1, 2, 3, 3]), ("b", [1, 2, 1, 1])], nodes: [
            .init(name: "sum", op: BinaryOp(.add), inputs: ["a", "b"]),
            .init(name: "y", op: ActivationOp(.relu), inputs: ["sum"]),
            .init(name: "z", op: ConcatOp(axis: 1), inputs: ["a", "y"]),
            .init(name: "w", op: IdentityOp(reshapingTo: [2]), inputs: ["b"]),
        ], outputs: ["y", "z", "w"])
    }

    static func inputs() throws -> [String: Tensor] {
        var rng = SeededGenerator(seed: 12)
        return ["a": try Tensor.uniform([1, 2, 3, 3], low: -1, high: 1, using: &rng),
                "b": try Tensor(shape: [1, 2, 1, 1], values: [0.25, -0.5])]
    }

    /// The outputs computed by hand from the inputs.
    static func expected(_ inputs: [String: Tensor]) throws -> [String: [Float]] {
        let a = inputs["a"]!.scalars, b = inputs["b"]!.scalars
        let y = a.indices.map { max(0, a[$0] + b[$0 / 9]) }
        return ["y": y, "z": a + y, "w": b]
    }

    @Test(arguments: [1, 2])
    func runnersAgreeWithHandComputedValues(workers: Int) throws {
        let graph = try Self.graph()
        #expect(graph.inputNames == ["a", "b"] && graph.outputNames == ["y", "z", "w"])
        let inputs = try Self.inputs()
        let expected = try Self.expected(inputs)
        let unoptimized = try GraphRunner(graph, workers: workers).run(inputs)
        let compiled = try graph.compiled(workers: workers)
        for values in [unoptimized, try compiled.run(inputs), try compiled.run(inputs)] {
            #expect(Set(values.keys) == ["y", "z", "w"])
            for (name, scalars) in expected {
                #expect(values[name]?.scalars == scalars, "output \(name)")
            }
            #expect(values["z"]?.shape == [1, 4, 3, 3] && values["w"]?.shape == [2])
        }
    }

    @Test func inputMistakesNameTheInputs() throws {
        let graph = try Self.graph()
        var inputs = try Self.inputs()
        inputs["b"] = nil
        inputs["c"] = try Tensor(shape: [1], values: [0])
        let error = #expect(throws: GraphError.self) { _ = try graph.compiled().run(inputs) }
        #expect(error?.description == "no tensor for input 'b'; no graph input named 'c'; the graph's inputs are 'a', 'b'")
        let wrongShape = #expect(throws: GraphError.self) {
            _ = try GraphRunner(graph).run(["a": try Tensor(shape: [1, 2, 3, 4]), "b": try Tensor(shape: [1, 2, 1, 1])])
        }
        #expect(wrongShape?.description == "graph input 'a' was given shape [1, 2, 3, 4]; expected [1, 2, 3, 3]")
        let single = #expect(throws: GraphError.self) { _ = try graph.compiled().run(try Tensor(shape: [1, 2, 3, 3])) }
        #expect(single?.description.contains("the graph has 2 inputs 'a', 'b'") == true)
    }

    @Test func builderAddsInputs() throws {
        let b = try GraphBuilder(inputName: "image", inputShape: [1, 3, 4, 4])
        let mask = try b.addInput(name: "mask", shape: [1, 1, 4, 4])
        let y = try b.mul(b.input, mask, name: "masked")
        let graph = try b.build(outputs: [y])
        #expect(graph.inputNames == ["image", "mask"])
        let image = try Tensor(shape: [1, 3, 4, 4], repeating: 2)
        let ones = try Tensor(shape: [1, 1, 4, 4], values: (0..<16).map { Float($0 % 2) })
        let result = try graph.compiled().run(["image": image, "mask": ones])["masked"]!
        #expect(result.scalars == (0..<48).map { Float(($0 % 16) % 2) * 2 })
    }

    @Test func specsOutOfOrderAreSortedAndCyclesNamed() throws {
        let graph = try Graph(inputs: [("x", [2])], nodes: [
            .init(name: "c", op: BinaryOp(.add), inputs: ["b", "a"]),
            .init(name: "b", op: ActivationOp(.relu), inputs: ["a"]),
            .init(name: "a", op: ActivationOp(.relu), inputs: ["x"]),
        ], outputs: ["c"])
        #expect(graph.nodes.map(\.name) == ["x", "a", "b", "c"])
        let cycle = #expect(throws: GraphError.self) {
            _ = try Graph(inputs: [("x", [2])], nodes: [
                .init(name: "p", op: ActivationOp(.relu), inputs: ["q"]),
                .init(name: "q", op: ActivationOp(.relu), inputs: ["p"]),
                .init(name: "r", op: ActivationOp(.relu), inputs: ["x"]),
            ], outputs: ["r"])
        }
        #expect(cycle?.description == "invalid graph: cycle through nodes 'p', 'q'")
    }

    /// Nodes whose output is empty run nothing, in both runners; a scalar flows through.
    @Test func emptyAndScalarTensorsFlow() throws {
        let graph = try Graph(inputs: [("e", [0, 3]), ("s", [])], nodes: [
            .init(name: "re", op: ActivationOp(.relu), inputs: ["e"]),
            .init(name: "sum", op: BinaryOp(.add), inputs: ["e", "s"]),
            .init(name: "neg", op: ActivationOp(.clip(min: -1, max: 0)), inputs: ["s"]),
        ], outputs: ["re", "sum", "neg"])
        let inputs = ["e": try Tensor(shape: [0, 3]), "s": try Tensor(shape: [], values: [3])]
        for values in [try GraphRunner(graph).run(inputs), try graph.compiled().run(inputs)] {
            #expect(values["re"]?.shape == [0, 3] && values["sum"]?.shape == [0, 3])
            #expect(values["neg"]?.shape == (try Shape([])) && values["neg"]?.scalars == [0])
        }
    }
}
