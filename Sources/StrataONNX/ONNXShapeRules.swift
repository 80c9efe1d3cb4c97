import Strata

/// The output shapes the ONNX spec defines, for a node Strata could not import: with them
/// the import carries on past the failure and reports the problems further down in the same
/// pass. Covers the common shape families (same shape as the input, numpy broadcasting,
/// windows of any spatial rank, global pooling); any other op's outputs stay unknown.
enum ONNXShapeRules {
    /// Ops whose first output has their first input's shape.
    static let sameShape: Set<String> = [
        "Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "Gelu", "Erf", "Clip", "Elu", "Selu",
        "Celu", "Softplus", "Softsign", "Mish", "ThresholdedRelu", "Shrink", "Softmax", "LogSoftmax", "Hardmax", "Exp",
        "Log", "Sqrt", "Abs", "Neg", "Reciprocal", "Floor", "Ceil", "Round", "Sign", "Not", "Identity", "Dropout",
        "Cast", "CastLike", "LRN", "InstanceNormalization", "LayerNormalization", "GroupNormalization",
        "LpNormalization", "MeanVarianceNormalization", "BatchNormalization", "Sin", "Cos", "Tan", "Swish",
    ]
    /// Ops whose output is the numpy broadcast of all their inputs.
    static let broadcasting: Set<String> = [
        "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Sum", "Min", "Max", "Mean", "Equal", "Less", "Greater",
        "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Where", "BitShift",
    ]
    static let windows: Set<String> = ["Conv", "MaxPool", "AveragePool", "LpPool"]
    static let global: Set<String> = ["GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"]

    /// The spec's shape of `output` (the node's first output only), or nil.
    static func outputShape(of node: Onnx_NodeProto, output: String, in graph: ONNXGraphImport) -> Shape? {
        guard output == node.output.first else { return nil }
        let shapes = node.input.map { name -> Shape? in
            if let shape = graph.shapes[name] { return shape }
            return graph.constants[name].flatMap { try? Shape($0.dims) }
        }
        guard let first = shapes.first ?? nil else { return nil }
        let op = node.opType
        if sameShape.contains(op) { return first }
        if broadcasting.contains(op) {
            var result: Shape? = first
            for case let shape? in shapes.dropFirst() { result = result.flatMap { try? broadcastShape($0, shape) } }
            return result
        }
        if global.contains(op), first.rank >= 3 {
            return try? Shape(Array(first.dimensions.prefix(2)) + Array(repeating: 1, count: first.rank - 2))
        }
        if windows.contains(op) { return window(node, first, weight: shapes.count > 1 ? shapes[1] : nil) }
        return nil
    }

    /// `O = floor or ceil((I + P0 + P1 − ((K − 1)·D + 1)) / S) + 1` per spatial axis (SAME:
    /// ceil(I / S)); channels from the weight for Conv.
    static func window(_ node: Onnx_NodeProto, _ x: Shape, weight: Shape?) -> Shape? {
        let spatial = x.rank - 2
        guard spatial >= 1 else { return nil }
        var attributes = ONNXAttributes(node.attribute)
        func list(_ name: String, _ fallback: Int, count: Int) -> [Int]? {
            let given: [Int]?
            do { given = try attributes.ints(name) } catch { return nil }
            guard let values = given else { return Array(repeating: fallback, count: count) }
            return values.count == count && values.allSatisfy({ $0.magnitude < 1 << 31 }) ? values : nil
        }
        let kernelFromWeight = weight.map { Array($0.dimensions.dropFirst(2)) }
        guard let kernel = kernelFromWeight ?? (try? attributes.ints("kernel_shape")), kernel.count == spatial,
              let strides = list("strides", 1, count: spatial), let dilations = list("dilations", 1, count: spatial),
              let pads = list("pads", 0, count: 2 * spatial) else { return nil }
        let autoPad = (try? attributes.string("auto_pad", default: "NOTSET")) ?? "NOTSET"
        let ceilMode = ((try? attributes.int("ceil_mode", default: 0)) ?? 0) != 0
        var dims = [x[0], node.opType == "Conv" ? weight?[0] ?? x[1] : x[1]]
        for axis in 0..<spatial {
            let (input, stride) = (x[axis + 2], strides[axis])
            guard stride >= 1, kernel[axis] >= 1 else { return nil }
            if autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER" {
                dims.append((input + stride - 1) / stride)
                continue
            }
            let begin = autoPad == "VALID" ? 0 : pads[axis], end = autoPad == "VALID" ? 0 : pads[axis + spatial]
            let span = input + begin + end - ((kernel[axis] - 1) * dilations[axis] + 1)
            guard span >= 0 else { return nil }
            dims.append((ceilMode ? (span + stride - 1) / stride : span / stride) + 1)
        }
        return try? Shape(dims)
    }
}
