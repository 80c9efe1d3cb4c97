import Strata

extension ONNXOps {
    /// Slice, Split, Tile, Expand, Gather, ArgMax/ArgMin on run-time tensors
    /// (`ONNXOps+Movement.swift`); each also folds on constants (`Folding/`).
    static let movementForms: [String: [Form]] = [
        "Slice": [
            Form(since: 1, convert: slice, fold: foldSlice, "starts, ends, axes attributes; any rank 0-8; bounds clamped as Slice-13 says; constants fold"),
            Form(since: 10, convert: slice, fold: foldSlice, "starts, ends, axes, steps inputs (constant); negative steps, INT64_MIN/MAX bounds"),
            Form(since: 11, convert: slice, fold: foldSlice, "negative axes"),
        ],
        "Split": [
            Form(since: 2, convert: split, fold: foldSplit, "axis, split attribute (else equal parts); one Slice node per output; constants fold"),
            Form(since: 11, convert: split, fold: foldSplit, "negative axis"),
            Form(since: 13, convert: split, fold: foldSplit, "split input (constant)"),
            Form(since: 18, convert: split, fold: foldSplit, "num_outputs (the last part smaller); split or num_outputs required"),
        ],
        "Tile": [Form(since: 6, convert: tile, fold: foldTile, "repeats constant; any rank; constants fold")],
        "Expand": [Form(since: 8, convert: expand, fold: foldExpand, "shape constant; bidirectional broadcast; constants fold")],
        "Gather": [
            Form(since: 1, convert: gather, fold: foldGather,
                 "any axis; constant indices checked at import; run-time indices: a value that is not a whole number in range gathers NaN; constants fold"),
            Form(since: 11, convert: gather, fold: foldGather, "negative indices"),
        ],
        "GatherElements": [
            Form(since: 11, convert: gatherElements,
                 "any axis and rank 1-8; constant indices checked at import; run-time indices: a bad one gathers NaN"),
        ],
        "ArgMax": argMaxForms(.max),
        "ArgMin": argMaxForms(.min),
    ]

    /// ArgMax/ArgMin: negative axes from opset 11, select_last_index from 12.
    static func argMaxForms(_ kind: ArgMaxKind) -> [Form] {
        [Form(since: 1, convert: { try argMax($0, kind) }, fold: { try foldArgMax($0, kind) },
              "axis, keepdims; indices as float32 (exact to 2^24), written as int64 by strata run; NaN as onnxruntime; constants fold"),
         Form(since: 11, convert: { try argMax($0, kind) }, fold: { try foldArgMax($0, kind) }, "negative axis"),
         Form(since: 12, convert: { try argMax($0, kind) }, fold: { try foldArgMax($0, kind) }, "select_last_index")]
    }
}
