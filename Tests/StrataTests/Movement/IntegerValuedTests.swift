import Strata
import Testing

/// ``Graph/integerValuedNodes``: ArgMax's output and what moves integers (reshapes,
/// Gather, Concat of integers, Slice) are integers, and so are sums of integers; float
/// inputs, and quotients, are not.
@Suite struct IntegerValuedTests {
    @Test func argMaxAndWhatMovesItAreIntegers() throws {
        let graph = try Graph(inputName: "x", inputShape: [2, 5], nodes: [
            .init(name: "class", op: ArgMaxOp(ArgMaxConfiguration(.max, axis: 1, keepDims: false)), inputs: ["x"]),
            .init(name: "column", op: IdentityOp(reshapingTo: [2, 1]), inputs: ["class"]),
            .init(name: "ids", op: ConstantOp(try Tensor(shape: [2, 1], values: [7, 8]), integerValues: [7, 8]), inputs: []),
            .init(name: "pairs", op: ConcatOp(axis: 1), inputs: ["column", "ids"]),
            .init(name: "first", op: SliceOp(axis: 1, start: 0, end: 1), inputs: ["pairs"]),
            .init(name: "picked", op: GatherOp(axis: 1), inputs: ["x", "class"]),
            .init(name: "mixed", op: ConcatOp(axis: 1), inputs: ["column", "picked"]),
            .init(name: "sum", op: BinaryOp(.add), inputs: ["column", "ids"]),
            .init(name: "ratio", op: BinaryOp(.div), inputs: ["column", "ids"]),
        ], outputs: ["first", "picked", "mixed", "sum", "ratio"])
        let integer = Dictionary(uniqueKeysWithValues: zip(graph.nodes.map(\.name), graph.integerValuedNodes))
        #expect(integer == ["x": false, "class": true, "column": true, "ids": true, "pairs": true, "first": true,
                            "picked": false, "mixed": false, "sum": true, "ratio": false])
        // The values: the predicted classes, exact.
        let x = try Tensor(shape: [2, 5], values: [0, 3, 1, 3, 2, 9, 8, 7, 6, 5])
        let outputs = try graph.compiled(workers: 1).run(["x": x])
        #expect(outputs["first"]?.scalars == [1, 0])
        #expect(outputs["picked"]?.shape == [2, 2] && outputs["picked"]?.scalars == [3, 0, 8, 9])
    }
}
