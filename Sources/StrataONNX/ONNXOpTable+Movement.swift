import Strata

extension ONNXOps {
    /// Slice, Split, Tile, Expand, Gather, ArgMax/ArgMin on run-time tensors.
    static let movementForms: [String: [Form]] = [:]
}
