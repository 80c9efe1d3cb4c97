import Strata

/// LpPool (opsets 1, 2, 11, 18) and GlobalLpPool (1, 2), 1-D and 2-D. `p` is a float
/// attribute in opset 1 and an int from opset 2 (default 2); LpPool gained `ceil_mode` and
/// `dilations` in opset 18 (before it they are left unread, so a model that sets them is
/// told so). Padding adds nothing to the sum, as in onnxruntime.
extension ONNXOps {
    static func lpExponent(_ node: ONNXNodeContext) throws -> Float {
        let p: Float = node.opset < 2 ? try node.attributes.float("p", default: 2) : Float(try node.attributes.int("p", default: 2))
        guard p > 0, p.isFinite else { throw NodeIssue("attribute p=\(p) is not supported; expected p >= 1") }
        return p
    }

    static func lpPool(_ node: ONNXNodeContext) throws {
        let spatial = try spatialAxes(node)
        let p = try lpExponent(node)
        let window = try WindowAttributes(node, spatial: spatial, kernel: nil, dilationsSince: 18)
        let ceilMode = node.opset >= 18 ? try node.attributes.int("ceil_mode", default: 0) != 0 : false
        let configuration = LpPoolConfiguration(p: p, kernel: window.kernel, stride: window.stride, padding: window.padding,
                                                dilation: window.dilation, ceilMode: ceilMode)
        try emitWindowOp(node, LpPoolOp(configuration), spatial: spatial)
    }

    static func globalLpPool(_ node: ONNXNodeContext) throws {
        let spatial = try spatialAxes(node)
        try emitWindowOp(node, GlobalLpPoolOp(p: try lpExponent(node)), spatial: spatial)
    }
}
