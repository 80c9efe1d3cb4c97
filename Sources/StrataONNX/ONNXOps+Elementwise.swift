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

    /// Opset 11+: min and max are optional constant scalar inputs (absent: unbounded).
    static func clip(_ node: ONNXNodeContext) throws {
        func bound(_ index: Int, _ what: String, _ absent: Float) throws -> Float {
            guard node.has(index) else { return absent }
            let value = try node.constant(index, what)
            guard value.elementCount == 1 else { throw NodeIssue("\(what) has dims \(value.dims); expected a scalar") }
            return Float(value.values[0])
        }
        let low = try bound(1, "min", -.infinity), high = try bound(2, "max", .infinity)
        try activation(node, .clip(min: low, max: high))
    }

    static func binary(_ node: ONNXNodeContext, _ kind: BinaryOp.Kind) throws {
        try node.emit(BinaryOp(kind), inputs: [node.activation(0), node.activation(1)])
    }

    /// `a − b` as `a + (−b)`: a constant b is negated at import; a computed b is multiplied
    /// by a constant −1 first.
    static func sub(_ node: ONNXNodeContext) throws {
        let a = try node.activation(0)
        let negated: String
        if node.isConstant(1) {
            let b = try node.tensor(1, "subtrahend")
            negated = try node.constantNode(Tensor(shape: b.shape.dimensions, values: b.scalars.map { -$0 }), name: "\(node.output)/negated")
        } else {
            let minusOne = try node.constantNode(Tensor(shape: [1], values: [-1]), name: "\(node.output)/minus_one")
            negated = try node.emit(BinaryOp(.mul), inputs: [node.activation(1), minusOne], name: "\(node.output)/negated")
        }
        try node.emit(BinaryOp(.add), inputs: [a, negated])
    }

    /// `a / b` with a constant b as `a · (1/b)` (the reciprocal rounds once: within 1 ulp).
    static func div(_ node: ONNXNodeContext) throws {
        let a = try node.activation(0)
        guard node.isConstant(1) else { throw NodeIssue("divisor '\(try node.name(1))' is computed at run time; only a constant divisor is supported") }
        let b = try node.tensor(1, "divisor")
        let reciprocal = try node.constantNode(Tensor(shape: b.shape.dimensions, values: b.scalars.map { 1 / $0 }), name: "\(node.output)/reciprocal")
        try node.emit(BinaryOp(.mul), inputs: [a, reciprocal])
    }

    /// A Concat of constants (a shape chain) is folded; otherwise a ``ConcatOp``.
    static func concat(_ node: ONNXNodeContext) throws {
        guard let axis = try node.attributes.int("axis") else { throw NodeIssue("attribute axis is missing") }
        let indices = Array(node.node.input.indices)
        if indices.allSatisfy(node.isConstant) {
            let parts = try indices.map { try node.constant($0, "operand") }
            if parts.allSatisfy({ $0.dims.count == 1 }) {
                return node.fold(ONNXConstant(dims: [parts.reduce(0) { $0 + $1.dims[0] }], values: parts.flatMap(\.values),
                                              elementType: parts[0].elementType))
            }
        }
        try node.emit(ConcatOp(axis: axis), inputs: indices.map { try node.activation($0) })
    }
}

extension ONNXNodeContext {
    /// Emits a ``ConstantOp`` node holding `tensor`; returns its name.
    func constantNode(_ tensor: Tensor, name: String) throws -> String {
        try emit(ConstantOp(tensor), inputs: [], name: name)
    }
}
