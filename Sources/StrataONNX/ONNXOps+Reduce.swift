import Strata

/// ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2,
/// ReduceLogSum, ReduceLogSumExp, ReduceSumSquare on run-time tensors.
extension ONNXOps {
    /// The axes come from the `axes` attribute before `axesInputSince` (opset 13 for
    /// ReduceSum, 18 for the others) and from the optional input 1 after; `keepdims`
    /// defaults to 1; with no axes every axis is reduced, unless `noop_with_empty_axes` is
    /// 1: then nothing is reduced "but other operations will be performed" (the spec's
    /// words: ReduceSumSquare is a square, ReduceL1/L2 an absolute value, ReduceLogSum a
    /// log, as onnxruntime computes them; the others are the identity).
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
            let x = try node.activation(0)
            switch kind {
            case .l1, .l2: try node.emit(ActivationOp(.abs), inputs: [x])
            case .sumSquare: try node.emit(BinaryOp(.mul), inputs: [x, x])
            case .logSum: try node.emit(ActivationOp(.log), inputs: [x])
            case .sum, .mean, .max, .min, .prod, .logSumExp: try node.emit(IdentityOp(), inputs: [x])
            }
            return
        }
        let configuration: ReduceConfiguration
        do { configuration = try ReduceConfiguration(kind, axes: axes, keepDims: keepDims, rank: x.rank) } catch {
            throw NodeIssue("\(error)")
        }
        try node.emit(ReduceOp(configuration), inputs: [node.activation(0)])
    }
}
