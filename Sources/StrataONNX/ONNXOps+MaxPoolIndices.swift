import Strata

/// MaxPool with its Indices output (opset 8+): output 0 becomes a ``PoolOp`` and output 1 a
/// ``MaxPoolIndicesOp`` on the same input, so each node computes only what it needs.
/// `storage_order` 0 (row-major) and 1 (column-major within each plane, as onnxruntime).
/// ONNX gives the indices as int64; Strata holds them as float32, exact below 2^24
/// elements, so an input with more elements is refused.
extension ONNXOps {
    static func maxPool(_ node: ONNXNodeContext) throws {
        let spatial = try spatialAxes(node)
        let order: IndexOrder
        if node.opset >= 8 {
            let given = try node.attributes.int("storage_order", default: 0)
            guard let value = IndexOrder(rawValue: given) else {
                throw NodeIssue("attribute storage_order=\(given) is not supported; expected 0 (row-major) or 1 (column-major)")
            }
            order = value
        } else {
            order = .rowMajor
        }
        let window = try WindowAttributes(node, spatial: spatial, kernel: nil, dilationsSince: 10)
        let ceilMode = node.opset >= 10 ? try node.attributes.int("ceil_mode", default: 0) != 0 : false
        let configuration = Pool2dConfiguration.max(kernel: window.kernel, stride: window.stride, padding: window.padding,
                                                    dilation: window.dilation, ceilMode: ceilMode)
        do { try configuration.validate() } catch let error as StrataError { throw NodeIssue("\(error)") }
        if node.wants(output: 0) {
            try emitWindowOp(node, PoolOp(configuration), spatial: spatial, output: node.node.output[0])
        }
        guard node.wants(output: 1) else { return }
        let x = try node.shape(0)
        guard x.elementCount <= maximumExactElements else {
            throw NodeIssue("the Indices output of input \(x) (\(x.elementCount) elements) is not supported: Strata holds indices as "
                + "float32, exact up to \(maximumExactElements) elements")
        }
        try emitWindowOp(node, MaxPoolIndicesOp(configuration, order: order), spatial: spatial, output: node.node.output[1])
    }

    /// ``emitWindowOp(_:_:spatial:)`` for the node output named `output`.
    static func emitWindowOp(_ node: ONNXNodeContext, _ op: any GraphOp, spatial: Int, output: String) throws {
        guard spatial == 1 else {
            try node.emit(op, inputs: [node.activation(0)], name: output)
            return
        }
        let x = try node.shape(0)
        let lifted = try node.emit(IdentityOp(reshapingTo: Shape([x[0], x[1], 1, x[2]])),
                                   inputs: [node.activation(0)], name: "\(output).2d")
        let result = try node.emit(op, inputs: [lifted], name: "\(output).\(op.opName.lowercased())")
        let y = node.graph.shapes[result]!
        try node.emit(IdentityOp(reshapingTo: Shape([y[0], y[1], y[3]])), inputs: [result], name: output)
    }
}
