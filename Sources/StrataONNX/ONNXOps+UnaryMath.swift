import Strata

/// Unary math and the activations with attributes on run-time tensors (Sqrt, Exp, Log,
/// Abs, Neg, Reciprocal, Floor, Ceil, Round, Sign, Elu, Selu, Celu, Softplus, Mish,
/// ThresholdedRelu, Shrink), and their folds on constants, which run the same kernels.
extension ONNXOps {
    /// Elu-6 (and 22, new types only): alpha (default 1).
    static func eluActivation(_ node: ONNXNodeContext) throws -> Activation {
        .elu(alpha: try node.attributes.float("alpha", default: 1))
    }

    /// Selu-6: alpha and gamma, defaults 1.67326319217681884765625 and 1.05070102214813232421875
    /// (the spec's float values).
    static func seluActivation(_ node: ONNXNodeContext) throws -> Activation {
        let alpha = try node.attributes.float("alpha", default: 1.673_263_192_176_818_847_656_25)
        return .selu(alpha: alpha, gamma: try node.attributes.float("gamma", default: 1.050_701_022_148_132_324_218_75))
    }

    /// Celu-12: alpha (default 1), which divides x, so it must not be 0.
    static func celuActivation(_ node: ONNXNodeContext) throws -> Activation {
        let alpha = try node.attributes.float("alpha", default: 1)
        guard alpha != 0, alpha.isFinite else { throw NodeIssue("attribute alpha=\(alpha) is not supported; Celu divides by it (expected a finite non-zero value)") }
        return .celu(alpha: alpha)
    }

    /// ThresholdedRelu-10: alpha (default 1).
    static func thresholdedReluActivation(_ node: ONNXNodeContext) throws -> Activation {
        .thresholdedReLU(alpha: try node.attributes.float("alpha", default: 1))
    }

    /// Shrink-9: bias (default 0), lambd (default 0.5).
    static func shrinkActivation(_ node: ONNXNodeContext) throws -> Activation {
        let bias = try node.attributes.float("bias", default: 0)
        return .shrink(bias: bias, lambd: try node.attributes.float("lambd", default: 0.5))
    }

    /// The two forms of a unary op whose activation reads the node (attributes), or is fixed.
    static func unaryForm(since: Int, _ make: @escaping @Sendable (ONNXNodeContext) throws -> Activation, _ notes: String) -> Form {
        Form(since: since, convert: { try activation($0, make($0)) }, fold: { try foldActivation($0, make($0)) }, notes)
    }

    static func unaryForm(since: Int, _ fixed: Activation, _ notes: String = "") -> Form {
        unaryForm(since: since, { _ in fixed }, notes)
    }

    /// A floating-point constant through the activation's kernel, rounded back to its type
    /// (FLOAT16, BFLOAT16). The spec's types for these ops are floating-point only.
    static func foldActivation(_ node: ONNXNodeContext, _ activation: Activation) throws {
        let x = try node.constant(0, "X")
        try require(x.dataType, .floatingPoint, "input", of: node.opType)
        var values = x.floats
        values.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
        node.fold(ONNXConstant(dims: x.dims, values: .float(values.map(x.dataType.storing)), dataType: x.dataType))
    }

    /// Sign-9 folds integers too (−1, 0, 1; unsigned values are their own sign).
    static func foldSign(_ node: ONNXNodeContext) throws {
        let x = try node.constant(0, "X")
        guard case .int(let v) = x.values else { return try foldActivation(node, .sign) }
        try require(x.dataType, .numeric, "input", of: "Sign")
        let unsigned = x.dataType == .uint64
        node.fold(ONNXConstant(dims: x.dims, values: .int(v.map { unsigned ? ($0 == 0 ? 0 : 1) : $0.signum() }), dataType: x.dataType))
    }
}
