import Strata

/// Folding of Slice.
extension ONNXOps {
    /// Slice: opset 1 takes `starts`, `ends`, `axes` attributes; opsets 10, 11, 13 take
    /// `starts`, `ends`, `axes`, `steps` inputs (``sliceConfiguration(_:)``, shared with the
    /// run-time converter). The bounds resolve through Strata's ``SliceConfiguration``
    /// (the spec's Slice-13 clamping, numpy's `data[start:end:step]`), as ``SliceOp`` does, so
    /// INT64_MAX and INT64_MIN bounds and negative steps fold exactly as they run.
    static func foldSlice(_ node: ONNXNodeContext) throws {
        let data = try node.constant(0, "data")
        let axes: [SliceConfiguration.Axis]
        do { axes = try sliceConfiguration(node).resolve(dims: data.dims) } catch let error as StrataError { throw NodeIssue("\(error)") }
        let dims = axes.map(\.count)
        _ = try foldedCount(dims, "Slice output")
        let strides = ONNXIndexWalk.strides(data.dims)
        let base = dims.contains(0) ? 0 : zip(axes, strides).reduce(0) { $0 + $1.0.first * $1.1 }
        // A step's stride is only used on axes with more than one element, where it fits.
        let walk = ONNXIndexWalk(dims: dims, operands: [
            .init(base: base, periods: dims.map { max($0, 1) }, strides: zip(axes, strides).map { $0.step &* $1 }),
        ])
        node.fold(data.reading(walk))
    }
}
