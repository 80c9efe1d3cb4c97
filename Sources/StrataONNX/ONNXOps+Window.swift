import Strata

/// Conv and pooling: the attributes they share (kernel_shape, strides, dilations, pads,
/// auto_pad) become Strata's ``Padding`` and sizes; ``WindowGeometry`` does the rest.
/// 1-D ops on `[N, C, L]` run through the 2-D kernels as `[N, C, 1, L]` (aliasing
/// reshapes around them); 3-D (volumetric) ops are unsupported.
extension ONNXOps {
    struct WindowAttributes {
        var kernel: Size2D
        var stride: Size2D
        var dilation: Size2D
        var padding: Padding

        /// `spatial`: 1 or 2 axes. `kernel`: the kernel from the weight (Conv), checked
        /// against kernel_shape; pooling passes nil and requires kernel_shape.
        /// `dilationsSince`: the opset that gave the op its dilations attribute (before it,
        /// the attribute is left unread, so a model that sets it is told so).
        init(_ node: ONNXNodeContext, spatial: Int, kernel known: Size2D?, dilationsSince: Int = 1) throws {
            func pair(_ name: String, _ values: [Int]?, default value: Size2D) throws -> Size2D {
                guard let values else { return value }
                guard values.count == spatial, values.allSatisfy({ $0 >= 1 }) else {
                    throw NodeIssue("attribute \(name)=\(values) is not supported; expected \(spatial) value\(spatial == 1 ? "" : "s") >= 1")
                }
                return spatial == 1 ? Size2D(1, values[0]) : Size2D(values[0], values[1])
            }
            let kernelShape = try node.attributes.ints("kernel_shape")
            if let known {
                kernel = try pair("kernel_shape", kernelShape, default: known)
                guard kernel == known else {
                    throw NodeIssue("attribute kernel_shape=\(kernelShape!) does not match the weight's kernel \(known.height)x\(known.width)")
                }
            } else {
                guard let kernelShape else { throw NodeIssue("attribute kernel_shape is missing") }
                kernel = try pair("kernel_shape", kernelShape, default: 1)
            }
            stride = try pair("strides", node.attributes.ints("strides"), default: 1)
            dilation = node.opset >= dilationsSince ? try pair("dilations", node.attributes.ints("dilations"), default: 1) : 1
            let pads = try node.attributes.ints("pads")
            let autoPad = try node.attributes.string("auto_pad", default: "NOTSET")
            switch autoPad {
            case "NOTSET", "":
                let p = pads ?? [Int](repeating: 0, count: 2 * spatial)
                guard p.count == 2 * spatial, p.allSatisfy({ $0 >= 0 }) else {
                    throw NodeIssue("attribute pads=\(p) is not supported; expected \(2 * spatial) values >= 0 (begins, then ends)")
                }
                // ONNX order: x1_begin, x2_begin, ..., x1_end, x2_end, ...
                padding = .explicit(spatial == 1
                    ? Padding2D(top: 0, left: p[0], bottom: 0, right: p[1])
                    : Padding2D(top: p[0], left: p[1], bottom: p[2], right: p[3]))
            case "VALID": padding = .valid
            case "SAME_UPPER": padding = .same
            case "SAME_LOWER": padding = .sameLower
            default: throw NodeIssue("attribute auto_pad='\(autoPad)' is not supported; expected NOTSET, VALID, SAME_UPPER or SAME_LOWER")
            }
        }
    }

    /// The number of spatial axes of input 0 (`[N, C, L]`: 1, `[N, C, H, W]`: 2).
    static func spatialAxes(_ node: ONNXNodeContext) throws -> Int {
        let shape = try node.shape(0)
        switch shape.rank {
        case 3, 4: return shape.rank - 2
        case 5: throw NodeIssue("input '\(node.node.input[0])' has shape \(shape): 3-D (volumetric) \(node.opType) is not supported")
        default: throw NodeIssue("input '\(node.node.input[0])' has shape \(shape); expected [N, C, L] or [N, C, H, W]")
        }
    }

    /// Emits `op` on input 0, wrapped in reshapes to and from `[N, C, 1, L]` for 1-D.
    static func emitWindowOp(_ node: ONNXNodeContext, _ op: any GraphOp, spatial: Int) throws {
        guard spatial == 1 else {
            try node.emit(op, inputs: [node.activation(0)])
            return
        }
        let x = try node.shape(0)
        let lifted = try node.emit(IdentityOp(reshapingTo: Shape([x[0], x[1], 1, x[2]])),
                                   inputs: [node.activation(0)], name: "\(node.output).2d")
        let result = try node.emit(op, inputs: [lifted], name: "\(node.output).\(op.opName.lowercased())")
        let y = node.graph.shapes[result]!
        try node.emit(IdentityOp(reshapingTo: Shape([y[0], y[1], y[3]])), inputs: [result])
    }

    /// What Conv and ConvTranspose read alike: the spatial axes, the input shape, the
    /// constant weight (a 1-D one lifted to `[A, B, 1, K]`; `layout` names its first two
    /// axes in the error), the optional bias, the window attributes and `group`.
    static func convolutionInputs(_ node: ONNXNodeContext, layout: String) throws
        -> (spatial: Int, x: Shape, weight: Tensor, bias: Tensor?, window: WindowAttributes, groups: Int) {
        let spatial = try spatialAxes(node)
        let x = try node.shape(0)
        var weight = try node.tensor(1, "weight")
        guard weight.rank == spatial + 2 else {
            throw NodeIssue("weight has shape \(weight.shape); expected [\(layout)\(spatial == 1 ? ", K" : ", KH, KW")]")
        }
        if spatial == 1 { weight = try weight.reshaped([weight.shape[0], weight.shape[1], 1, weight.shape[2]]) }
        let bias = node.has(2) ? try node.tensor(2, "bias") : nil
        let window = try WindowAttributes(node, spatial: spatial, kernel: Size2D(weight.shape[2], weight.shape[3]))
        let groups = try node.attributes.int("group", default: 1)
        return (spatial, x, weight, bias, window, groups)
    }

    static func conv(_ node: ONNXNodeContext) throws {
        let (spatial, x, weight, bias, window, groups) = try convolutionInputs(node, layout: "OC, IC/group")
        let (expected, overflow) = weight.shape[1].multipliedReportingOverflow(by: groups)
        guard groups >= 1, !overflow, x[1] == expected else {
            let wanted = overflow ? "more than fit in Int" : "\(expected)"
            throw NodeIssue("input has \(x[1]) channels; weight \(weight.shape) with group \(groups) expects \(groups >= 1 ? wanted : "a group >= 1")")
        }
        let configuration = Conv2dConfiguration(
            inChannels: x[1], outChannels: weight.shape[0], kernel: window.kernel, stride: window.stride,
            padding: window.padding, dilation: window.dilation, groups: groups)
        try emitWindowOp(node, ConvOp(configuration, weight: weight, bias: bias), spatial: spatial)
    }

    static func pool(_ node: ONNXNodeContext, _ kind: PoolKind) throws {
        let spatial = try spatialAxes(node)
        // MaxPool gained dilations and ceil_mode in opset 10, storage_order in 8; AveragePool
        // ceil_mode in 10 and dilations in 19. Attributes of later opsets stay unread.
        let window = try WindowAttributes(node, spatial: spatial, kernel: nil, dilationsSince: kind == .max ? 10 : 19)
        let ceilMode = node.opset >= 10 ? try node.attributes.int("ceil_mode", default: 0) != 0 : false
        var countIncludePad = false
        if kind == .max {
            if node.opset >= 8 { try node.attributes.require("storage_order", equals: 0, because: "column-major indices") }
            if node.wants(output: 1) { throw NodeIssue("the Indices output (output 1) is not supported") }
        } else {
            countIncludePad = try node.attributes.int("count_include_pad", default: 0) != 0
        }
        let configuration = Pool2dConfiguration(
            kind: kind, kernel: window.kernel, stride: window.stride, padding: window.padding,
            dilation: window.dilation, ceilMode: ceilMode, countIncludePad: countIncludePad)
        do {
            try configuration.validate()
        } catch let error as StrataError {
            throw NodeIssue("\(error)")
        }
        try emitWindowOp(node, PoolOp(configuration), spatial: spatial)
    }

    static func globalPool(_ node: ONNXNodeContext, _ kind: PoolKind) throws {
        let spatial = try spatialAxes(node)
        try emitWindowOp(node, GlobalPoolOp(kind: kind), spatial: spatial)
    }

    /// `Pad` of any axes of a rank 1-8 activation: modes constant, reflect, edge and wrap
    /// (opset 19), negative amounts crop; `pads` and `value` attributes before opset 11,
    /// constant `pads`, `constant_value` and (opset 18) `axes` inputs after.
    static func pad(_ node: ONNXNodeContext) throws {
        let modeName = try node.attributes.string("mode", default: "constant")
        guard let mode = PadMode(rawValue: modeName), mode != .wrap || node.opset >= 19 else {
            throw NodeIssue("mode '\(modeName)' is not supported; expected constant, reflect, edge\(node.opset >= 19 ? " or wrap" : "")")
        }
        let x = try node.shape(0)
        let given: [Int], value: Float
        if node.opset < 11 {
            guard let pads = try node.attributes.ints("pads") else { throw NodeIssue("attribute pads is missing") }
            (given, value) = (pads, try node.attributes.float("value", default: 0))
        } else {
            given = try node.constant(1, "pads").integers("pads")
            value = node.has(2) ? try node.constant(2, "constant_value").floats.first ?? 0 : 0
        }
        try node.requireAbsent(input: 3, since: 18, "axes")
        let axes = node.has(3) ? try node.constant(3, "axes").integers("axes").map { try node.axis($0, rank: x.rank) } : Array(0..<x.rank)
        guard given.count == 2 * axes.count else {
            throw NodeIssue("pads has \(given.count) values; expected \(2 * axes.count) (begin and end for each of \(axes.count) axes)")
        }
        var begins = [Int](repeating: 0, count: x.rank), ends = begins
        for (index, axis) in axes.enumerated() {
            (begins[axis], ends[axis]) = (given[index], given[index + axes.count])
        }
        try node.emit(PadOp(PadConfiguration(begins: begins, ends: ends, mode: mode, value: value)), inputs: [node.activation(0)])
    }
}
