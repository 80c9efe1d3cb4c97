import Strata

/// Activations, broadcasting arithmetic and Concat.
extension ONNXOps {
    static func activation(_ node: ONNXNodeContext, _ activation: Activation) throws {
        try node.emit(ActivationOp(activation), inputs: [node.activation(0)])
    }

    static func leakyRelu(_ node: ONNXNodeContext) throws {
        try activation(node, .leakyReLU(alpha: node.attributes.float("alpha", default: 0.01)))
    }

    static func hardSigmoid(_ node: ONNXNodeContext) throws {
        let alpha = try node.attributes.float("alpha", default: 0.2)
        try activation(node, .hardSigmoid(alpha: alpha, beta: node.attributes.float("beta", default: 0.5)))
    }

    static func gelu(_ node: ONNXNodeContext) throws {
        switch try node.attributes.string("approximate", default: "none") {
        case "none": try activation(node, .gelu)
        case "tanh": try activation(node, .geluTanh)
        case let other: throw NodeIssue("attribute approximate='\(other)' is not supported; expected 'none' or 'tanh'")
        }
    }

    /// Opset 6: `min` and `max` attributes (defaults: the float range). Opset 11+: optional
    /// constant scalar inputs (absent: unbounded).
    static func clip(_ node: ONNXNodeContext) throws {
        if node.opset < 11 {
            try node.requireAbsent(input: 1, since: 11, "min")
            try node.requireAbsent(input: 2, since: 11, "max")
            let low = try node.attributes.float("min", default: -.greatestFiniteMagnitude)
            let high = try node.attributes.float("max", default: .greatestFiniteMagnitude)
            return try activation(node, .clip(min: low, max: high))
        }
        func bound(_ index: Int, _ what: String, _ absent: Float) throws -> Float {
            guard node.has(index) else { return absent }
            let value = try node.constant(index, what)
            guard value.elementCount == 1 else { throw NodeIssue("\(what) has dims \(value.dims); expected a scalar") }
            return value.floats[0]
        }
        let low = try bound(1, "min", -.infinity), high = try bound(2, "max", .infinity)
        try activation(node, .clip(min: low, max: high))
    }

    static func binary(_ node: ONNXNodeContext, _ kind: BinaryOp.Kind) throws {
        try node.emit(BinaryOp(kind), inputs: [node.activation(0), node.activation(1)])
    }

    /// PRelu: the slope (usually `[C, 1, 1]`) broadcasts to the input.
    static func prelu(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0), slope = try node.shape(1)
        guard (try? broadcastShape(x, slope)) == x else {
            throw NodeIssue("slope shape \(slope) does not broadcast to the input shape \(x)")
        }
        try binary(node, .prelu)
    }

    /// Variadic Sum: a chain of broadcasting adds (one input: the identity).
    static func sum(_ node: ONNXNodeContext) throws {
        let count = node.inputCount
        guard count >= 1 else { throw NodeIssue("Sum needs at least one input") }
        guard count > 1 else {
            try node.emit(IdentityOp(), inputs: [node.activation(0)])
            return
        }
        var total = try node.activation(0)
        for index in 1..<count {
            let name = index == count - 1 ? node.output : "\(node.output).sum\(index)"
            total = try node.emit(BinaryOp(.add), inputs: [total, node.activation(index)], name: name)
        }
    }

    /// Concat of activations (constant operands become ``ConstantOp`` nodes), any rank.
    static func concat(_ node: ONNXNodeContext) throws {
        guard let axis = try node.attributes.int("axis") else { throw NodeIssue("attribute axis is missing") }
        let indices = Array(node.node.input.indices)
        try node.emit(ConcatOp(axis: axis), inputs: indices.map { try node.activation($0) })
    }
}
