import Strata

/// Cast and CastLike on run-time tensors. Strata's run-time tensors are float32, so a cast
/// becomes the activation ``Activation/cast(_:)``, which rounds each value to what the
/// target type would store and holds it as float32 (``NumericFormat`` has the rules,
/// onnxruntime's on x86-64); casts to FLOAT and DOUBLE are the identity.
extension ONNXOps {
    /// Cast (6, 9, 13, 19, 21; the later forms add types Strata does not hold): `to`,
    /// BFLOAT16 from opset 13, `saturate` (19+, float 8 only) read and ignored.
    static func cast(_ node: ONNXNodeContext) throws {
        let target = try castTarget(node)
        if node.opset < 13 && target == .bfloat16 {
            throw NodeIssue("Cast to BFLOAT16 needs opset 13; the model imports opset \(node.opset)")
        }
        try emitCast(node, to: target)
    }

    /// CastLike (15, 19): input 0 cast to the element type of input 1 (`target_type`), whose
    /// values are not read. The type of a constant is its own; of a run-time tensor, see
    /// ``runtimeElementType(of:in:)``. A constant input 0 with a run-time input 1 is folded
    /// (the usual case in function bodies: `CastLike(alpha, X)`).
    static func castLike(_ node: ONNXNodeContext) throws {
        if node.opset >= 19 { _ = try node.attributes.int("saturate") }
        let target = try likeTarget(node)
        if node.isConstant(0) {
            node.fold(try castConstant(node.constant(0, "input"), to: target, opset: node.opset))
            return
        }
        try emitCast(node, to: target)
    }

    /// CastLike with both inputs constant.
    static func foldCastLike(_ node: ONNXNodeContext) throws {
        if node.opset >= 19 { _ = try node.attributes.int("saturate") }
        node.fold(try castConstant(node.constant(0, "input"), to: likeTarget(node), opset: node.opset))
    }

    private static func likeTarget(_ node: ONNXNodeContext) throws -> ONNXDataType {
        if node.isConstant(1) { return try node.constant(1, "target_type").dataType }
        return runtimeElementType(of: try node.name(1), in: node.graph.file)
    }

    /// The ONNX element type of a tensor computed at run time: the type the file records
    /// for it (`value_info`, graph inputs and outputs); else the type its producer makes
    /// (Cast: `to`; CastLike: its target's; the comparisons, Not, And, Or, Xor: BOOL;
    /// Shape, Size, ArgMax, ArgMin: INT64; ops whose output has their first input's type,
    /// such as Reshape, Gather or Div: that input's); else FLOAT, since every other op
    /// Strata runs computes float32 from float32 graph inputs.
    static func runtimeElementType(of name: String, in file: ONNXModelFile, depth: Int = 0) -> ONNXDataType {
        let graph = file.graph
        for info in graph.valueInfo + graph.output + graph.input where info.name == name && info.type.tensorType.elemType != 0 {
            return ONNXDataType(info.type.tensorType.elemType)
        }
        guard depth < 32, let producer = graph.node.first(where: { $0.output.contains(name) }) else { return .float }
        switch producer.opType {
        case "Cast":
            if let to = producer.attribute.first(where: { $0.name == "to" }) { return ONNXDataType(Int32(truncatingIfNeeded: to.i)) }
        case "CastLike":
            if producer.input.count > 1 {
                let source = producer.input[1]
                if let constant = file.initializers[source] { return constant.dataType }
                return runtimeElementType(of: source, in: file, depth: depth + 1)
            }
        case "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor": return .bool
        case "Shape", "Size", "ArgMax", "ArgMin": return .int64
        case _ where sameTypeAsFirstInput.contains(producer.opType) && !producer.input.isEmpty:
            let source = producer.input[0]
            if let constant = file.initializers[source] { return constant.dataType }
            return runtimeElementType(of: source, in: file, depth: depth + 1)
        default: break
        }
        return .float
    }

    /// Ops whose output element type is their first input's (the ONNX type constraint T
    /// shared by input 0 and output 0).
    private static let sameTypeAsFirstInput: Set<String> = [
        "Add", "Sub", "Mul", "Div", "Neg", "Abs", "Min", "Max", "Mod", "Identity", "Reshape", "Flatten",
        "Squeeze", "Unsqueeze", "Transpose", "Slice", "Gather", "GatherElements", "Concat", "Expand", "Tile",
        "Split", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd",
    ]

    /// The run-time cast of input 0 to `target`.
    static func emitCast(_ node: ONNXNodeContext, to target: ONNXDataType) throws {
        guard let format = numericFormat(target) else {
            try node.emit(IdentityOp(), inputs: [node.activation(0)])
            return
        }
        try activation(node, .cast(format))
    }

    /// The format a run-time cast to `target` rounds to; nil for FLOAT and DOUBLE (identity).
    static func numericFormat(_ target: ONNXDataType) -> NumericFormat? {
        switch target {
        case .float16: .float16
        case .bfloat16: .bfloat16
        case .int8: .int8
        case .uint8: .uint8
        case .int16: .int16
        case .uint16: .uint16
        case .int32: .int32
        case .uint32: .uint32
        case .int64: .int64
        case .uint64: .uint64
        case .bool: .bool
        default: nil
        }
    }
}
