import Strata

/// LogSoftmax and Hardmax on run-time tensors.
extension ONNXOps {
    /// LogSoftmax and Hardmax, opsets 1, 11 and 13 (as Softmax): from 13 the op works along
    /// `axis` (default −1); before 13 the spec coerces the input to 2-D at `axis` (default 1)
    /// and works on each row of the trailing sizes, which is a reshape, a last-axis op and a
    /// reshape back. Negative axes need opset 11.
    static func softmaxLike(_ node: ONNXNodeContext, _ make: (Int) -> any GraphOp) throws {
        let x = try node.shape(0)
        guard x.rank >= 1 else { throw NodeIssue("input is a scalar; \(node.opType) needs rank >= 1") }
        let given = try node.attributes.int("axis", default: node.opset < 13 ? 1 : -1)
        try node.requireNonNegativeBeforeOpset11(given)
        let axis = try node.axis(given, rank: x.rank)
        if node.opset >= 13 || axis == x.rank - 1 {
            try node.emit(make(axis), inputs: [node.activation(0)])
            return
        }
        let rows = try Shape([x.dimensions.prefix(axis).reduce(1, *), x.dimensions.dropFirst(axis).reduce(1, *)])
        let flat = try node.emit(IdentityOp(reshapingTo: rows), inputs: [node.activation(0)], name: "\(node.output).2d")
        let computed = try node.emit(make(1), inputs: [flat], name: "\(node.output).\(node.opType.lowercased())")
        try node.emit(IdentityOp(reshapingTo: x), inputs: [computed])
    }
}
