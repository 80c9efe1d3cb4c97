import Strata
import StrataDiagnostics
import Testing

/// The movement ops at rank 0, ranks 5-8 and on empty tensors (the rows of Docs/Graph.md's
/// "Shapes every op accepts" for Slice, Tile, Expand, Gather, GatherElements, ArgMax), and
/// Concat, Reshape and Flatten at ranks 6 and 8, through both runners against the reference.
@Suite struct MovementRankAndEmptyTests {
    @Test func rankZero() throws {
        let scalar = try Tensor(shape: [], values: [4])
        try expectMatchesReference(SliceOp(SliceConfiguration(starts: [], ends: [])), [scalar], "slice of a scalar")
        try expectMatchesReference(TileOp(repeats: []), [scalar], "tile of a scalar")
        try expectMatchesReference(ExpandOp(shape: [2, 3]), [scalar], "expand of a scalar")
        // A scalar index drops the axis: rank 1 data gives a scalar.
        #expect(try runOp(GatherOp(axis: 0, indices: [2], shape: []), [counting([5])]).shape == [])
        expectStrataError(.invalidShape, mentioning: ["gather data is a scalar"]) { _ = try GatherOp(axis: 0).outputShape(for: [[], [1]]) }
        expectStrataError(.invalidShape, mentioning: ["gather elements data is a scalar"]) { _ = try GatherElementsOp(axis: 0).outputShape(for: [[], []]) }
        expectStrataError(.invalidShape, mentioning: ["argmax input is a scalar"]) { _ = try ArgMaxOp(ArgMaxConfiguration(.max, axis: 0)).outputShape(for: [[]]) }
    }

    @Test func ranksFiveToEight() throws {
        let eight = try counting([2, 1, 3, 2, 1, 2, 3, 2])
        try expectMatchesReference(SliceOp(SliceConfiguration(starts: [-1, 0, 2], ends: [.min, 2, 0], axes: [7, 5, 2], steps: [-1, 1, -1])), [eight], "slice rank 8")
        try expectMatchesReference(TileOp(repeats: [1, 2, 1, 1, 3, 1, 1, 2]), [eight], "tile rank 8")
        try expectMatchesReference(ExpandOp(shape: [2, 2, 3, 2, 3, 2, 3, 2]), [eight], "expand rank 8")
        try expectMatchesReference(GatherOp(axis: 6, indices: [2, 0], shape: [2]), [eight], "gather rank 8")
        try expectMatchesReference(GatherOp(axis: 2), [counting([2, 3, 4, 2, 2]), Tensor(shape: [2, 2], values: [3, 0, -1, 1])], "gather rank 5 to 6")
        try expectMatchesReference(GatherElementsOp(axis: -3, indices: (0..<144).map { $0 % 4 - 2 }, shape: [2, 1, 3, 2, 1, 2, 3, 2]), [eight], "gather elements rank 8")
        try expectMatchesReference(ArgMaxOp(ArgMaxConfiguration(.max, axis: 6, keepDims: false)), [eight], "argmax rank 8")
        try expectMatchesReference(ArgMaxOp(ArgMaxConfiguration(.min, axis: 3, selectLastIndex: true)), [counting([2, 1, 3, 2, 1, 2])], "argmin rank 6")
    }

    @Test func emptyTensors() throws {
        try expectMatchesReference(SliceOp(SliceConfiguration(starts: [1], ends: [3], axes: [2])), [counting([2, 0, 4])], "slice of an empty tensor")
        try expectMatchesReference(TileOp(repeats: [2, 3]), [counting([0, 2])], "tile of an empty tensor")
        try expectMatchesReference(ExpandOp(shape: [3, 0, 2]), [counting([1, 2])], "expand to an empty shape")
        try expectMatchesReference(GatherOp(axis: 1, indices: [], shape: [0]), [counting([2, 3])], "gather of no indices")
        try expectMatchesReference(GatherOp(axis: 1), [counting([2, 3]), Tensor(shape: [0, 2], values: [])], "gather of no run-time indices")
        try expectMatchesReference(ArgMaxOp(ArgMaxConfiguration(.max, axis: 1)), [counting([0, 3])], "argmax of an empty batch")
        // An empty axis with run-time indices: every index is out of range, so NaN.
        let y = try runOp(GatherOp(axis: 1), [counting([2, 0]), Tensor(shape: [1], values: [0])])
        #expect(y.shape == [2, 1] && y.scalars.allSatisfy(\.isNaN))
        expectStrataError(.invalidArgument, mentioning: ["index 0 is out of range"]) {
            _ = try GatherOp(axis: 1, indices: [0], shape: [1]).outputShape(for: [[2, 0]])
        }
    }

    /// Concat, reshapes (IdentityOp) and Flatten already work at any rank: check 6 and 8.
    @Test func concatReshapeFlattenAtRanksSixAndEight() throws {
        let six = try counting([2, 1, 3, 2, 2, 3]), eight = try counting([1, 2, 1, 3, 2, 1, 2, 2])
        try expectMatchesReference(ConcatOp(axis: 4), [six, counting([2, 1, 3, 2, 5, 3])], "concat rank 6")
        try expectMatchesReference(ConcatOp(axis: -1), [eight, counting([1, 2, 1, 3, 2, 1, 2, 1])], "concat rank 8")
        try expectMatchesReference(IdentityOp(reshapingTo: [3, 2, 2, 3, 2, 1, 1, 1]), [six], "reshape rank 6 to 8")
        try expectMatchesReference(IdentityOp(reshapingTo: [2, 3, 4, 2, 1, 1]), [eight], "reshape rank 8 to 6")
        try expectMatchesReference(FlattenOp(), [eight], "flatten rank 8")
        #expect(try FlattenOp().outputShape(for: [eight.shape]) == [1, 48])
    }
}
