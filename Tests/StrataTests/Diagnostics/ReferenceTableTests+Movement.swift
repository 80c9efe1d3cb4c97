import Strata

extension ReferenceTableTests {
    /// Slice (steps of both signs, Split's form), Tile, Expand, Gather and GatherElements
    /// (constant indices: random inputs are never whole numbers, so run-time indices are
    /// checked against the same reference in `GatherTests`), ArgMax and ArgMin.
    static var movementSamples: [Sample] {
        [
            Sample(op: SliceOp(SliceConfiguration(starts: [1, -1], ends: [.max, 0], axes: [0, -1], steps: [1, -2])), inputs: [[3, 2, 5]]),
            Sample(op: SliceOp(axis: 1, start: 1, end: 3), inputs: [[2, 4, 3]]),
            Sample(op: TileOp(repeats: [2, 1, 3]), inputs: [[2, 3, 2]]),
            Sample(op: ExpandOp(shape: [2, 3, 1, 4]), inputs: [[3, 2, 1]]),
            Sample(op: GatherOp(axis: 1, indices: [2, 0, -1, 1], shape: [2, 2]), inputs: [[2, 3, 4]]),
            Sample(op: GatherElementsOp(axis: -1, indices: [3, 0, -1, 2, 1, 1], shape: [2, 3, 1]), inputs: [[2, 3, 4]]),
        ] + ArgMaxKind.allCases.map { kind in
            Sample(op: ArgMaxOp(ArgMaxConfiguration(kind, axis: 1, keepDims: kind == .max, selectLastIndex: kind == .min)), inputs: [[2, 5, 3]])
        }
    }
}
