import Strata

/// ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2,
/// ReduceLogSum, ReduceLogSumExp, ReduceSumSquare on run-time tensors.
extension ONNXOps {
    /// The axes come from the `axes` attribute before `axesInputSince` (opset 13 for
    /// ReduceSum, 18 for the others) and from the optional input 1 after; `keepdims`
    /// defaults to 1; with no axes every axis is reduced, unless `noop_with_empty_axes` is
    /// 1, which makes the node the identity.
    static func reduce(_ node: ONNXNodeContext, _ kind: ReduceKind, axesInputSince: Int) throws {
        let x = try node.shape(0)
        let keepDims = try node.attributes.int("keepdims", default: 1) != 0
        var axes: [Int] = []
        var noopWhenEmpty = false
        if node.opset < axesInputSince {
            try node.requireAbsent(input: 1, since: axesInputSince, "axes")
            axes = try node.attributes.ints("axes") ?? []
        } else {
            noopWhenEmpty = try node.attributes.int("noop_with_empty_axes", default: 0) != 0
            if node.has(1) { axes = try node.constant(1, "axes").integers("axes") }
        }
        if axes.isEmpty && noopWhenEmpty {
            try node.emit(IdentityOp(), inputs: [node.activation(0)])
            return
        }
        let configuration: ReduceConfiguration
        do { configuration = try ReduceConfiguration(kind, axes: axes, keepDims: keepDims, rank: x.rank) } catch {
            throw NodeIssue("\(error)")
        }
        try node.emit(ReduceOp(configuration), inputs: [node.activation(0)])
    }
}
