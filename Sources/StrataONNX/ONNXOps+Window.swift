import Strata

/// Conv and pooling: the attributes they share (kernel_shape, strides, dilations, pads,
/// auto_pad) become Strata's ``Padding`` and sizes; ``WindowGeometry`` does the rest.
extension ONNXOps {
    struct WindowAttributes {
        var kernel: Size2D
        var stride: Size2D
        var dilation: Size2D
        var padding: Padding

        /// `kernel`: the kernel from the weight (Conv), checked against kernel_shape; pooling
        /// passes nil and requires kernel_shape.
        init(_ node: ONNXNodeContext, kernel known: Size2D?) throws {
            func pair(_ name: String, _ values: [Int]?, default value: Size2D) throws -> Size2D {
                guard let values else { return value }
                guard values.count == 2, values.allSatisfy({ $0 >= 1 }) else {
                    throw NodeIssue("attribute \(name)=\(values) is not supported; expected 2 values >= 1 (2-D)")
                }
                return Size2D(values[0], values[1])
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
            dilation = try pair("dilations", node.attributes.ints("dilations"), default: 1)
            let pads = try node.attributes.ints("pads")
            let autoPad = try node.attributes.string("auto_pad", default: "NOTSET")
            switch autoPad {
            case "NOTSET", "":
                let p = pads ?? [0, 0, 0, 0]
                guard p.count == 4, p.allSatisfy({ $0 >= 0 }) else {
                    throw NodeIssue("attribute pads=\(p) is not supported; expected 4 values >= 0 [top, left, bottom, right]")
                }
                // ONNX order: x1_begin, x2_begin, x1_end, x2_end.
                padding = .explicit(Padding2D(top: p[0], left: p[1], bottom: p[2], right: p[3]))
            case "VALID": padding = .valid
            case "SAME_UPPER": padding = .same
            case "SAME_LOWER": padding = .sameLower
            default: throw NodeIssue("attribute auto_pad='\(autoPad)' is not supported; expected NOTSET, VALID, SAME_UPPER or SAME_LOWER")
            }
        }
    }

    static func requireImage(_ node: ONNXNodeContext) throws -> Shape {
        let shape = try node.shape(0)
        guard shape.rank == 4 else {
            throw NodeIssue("input '\(node.node.input[0])' has shape \(shape); only 2-D \(node.node.opType) on [N, C, H, W] is supported")
        }
        return shape
    }

    static func conv(_ node: ONNXNodeContext) throws {
        let x = try requireImage(node)
        let weight = try node.tensor(1, "weight")
        guard weight.rank == 4 else { throw NodeIssue("weight has shape \(weight.shape); expected [OC, IC/group, KH, KW]") }
        let bias = node.has(2) ? try node.tensor(2, "bias") : nil
        let window = try WindowAttributes(node, kernel: Size2D(weight.shape[2], weight.shape[3]))
        let groups = try node.attributes.int("group", default: 1)
        guard groups >= 1, x[1] == weight.shape[1] * groups else {
            throw NodeIssue("input has \(x[1]) channels; weight \(weight.shape) with group \(groups) expects \(weight.shape[1] * groups)")
        }
        let configuration = Conv2dConfiguration(
            inChannels: x[1], outChannels: weight.shape[0], kernel: window.kernel, stride: window.stride,
            padding: window.padding, dilation: window.dilation, groups: groups)
        try node.emit(ConvOp(configuration, weight: weight, bias: bias), inputs: [node.activation(0)])
    }

    static func pool(_ node: ONNXNodeContext, _ kind: PoolKind) throws {
        _ = try requireImage(node)
        let window = try WindowAttributes(node, kernel: nil)
        let ceilMode = try node.attributes.int("ceil_mode", default: 0) != 0
        var countIncludePad = false
        if kind == .max {
            try node.attributes.require("storage_order", equals: 0, because: "column-major indices")
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
        try node.emit(PoolOp(configuration), inputs: [node.activation(0)])
    }

    static func globalPool(_ node: ONNXNodeContext, _ kind: PoolKind) throws {
        _ = try requireImage(node)
        try node.emit(GlobalPoolOp(kind: kind), inputs: [node.activation(0)])
    }

    /// `Pad` in constant mode on the spatial axes of an NCHW tensor, with constant `pads`
    /// (and `axes`, opset 18). Padding N or C, negative pads (cropping) and the reflect,
    /// edge and wrap modes are reported as unsupported.
    static func pad(_ node: ONNXNodeContext) throws {
        let mode = try node.attributes.string("mode", default: "constant")
        guard mode == "constant" else { throw NodeIssue("mode '\(mode)' is not supported; expected 'constant'") }
        let x = try node.shape(0)
        guard x.rank == 4 else { throw NodeIssue("input has shape \(x); only rank-4 [N, C, H, W] inputs are supported") }
        let given = try node.constant(1, "pads").integers
        let axes = node.has(3) ? try node.constant(3, "axes").integers.map { try node.axis($0, rank: 4) } : Array(0..<4)
        guard given.count == 2 * axes.count else {
            throw NodeIssue("pads has \(given.count) values; expected \(2 * axes.count) (begin and end for each axis)")
        }
        var begin = [0, 0, 0, 0], end = [0, 0, 0, 0]
        for (index, axis) in axes.enumerated() {
            (begin[axis], end[axis]) = (given[index], given[index + axes.count])
        }
        guard begin[0] == 0, end[0] == 0, begin[1] == 0, end[1] == 0 else {
            throw NodeIssue("pads \(given) pad the batch or channel axis; only H and W can be padded")
        }
        guard (begin + end).allSatisfy({ $0 >= 0 }) else { throw NodeIssue("negative pads \(given) (cropping) are not supported") }
        let value = node.has(2) ? Float(try node.constant(2, "constant_value").values.first ?? 0) : 0
        try node.emit(PadOp(Padding2D(top: begin[2], left: begin[3], bottom: end[2], right: end[3]), value: value),
                      inputs: [node.activation(0)])
    }
}
