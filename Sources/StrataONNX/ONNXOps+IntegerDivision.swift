import Strata

/// Div on integer tensors. Strata holds run-time integers as float32 (exact to 2^24), so
/// arithmetic on them is float arithmetic; for Add, Sub, Mul and Min/Max that gives the same
/// whole numbers (overflow aside, see Docs/ONNX.md), but a quotient must be truncated toward
/// zero, as C and onnxruntime divide integers (`argmax // W` in a keypoint decode).
extension ONNXOps {
    /// Div (7, 13, 14): numpy broadcasting; when either operand's ONNX element type is an
    /// integer type, the float quotient is cast to that type (truncation toward zero, the
    /// type's range as ``NumericFormat`` gives it). Division of integers by zero, undefined
    /// in ONNX, gives the type's minimum here (the cast of ±inf/NaN).
    static func divide(_ node: ONNXNodeContext) throws {
        let type = try elementType(node, 0)
        guard type.isInteger, let format = numericFormat(type) else {
            try binary(node, .div)
            return
        }
        let quotient = try node.emit(BinaryOp(.div), inputs: [node.activation(0), node.activation(1)],
                                     name: "\(node.output).quotient")
        try node.emit(ActivationOp(.cast(format)), inputs: [quotient])
    }

    /// The ONNX element type of input `index`: a constant's own, else what
    /// ``runtimeElementType(of:in:)`` finds.
    static func elementType(_ node: ONNXNodeContext, _ index: Int) throws -> ONNXDataType {
        if node.isConstant(index) { return try node.constant(index, "input \(index)").dataType }
        return runtimeElementType(of: try node.name(index), in: node.graph.file)
    }
}
