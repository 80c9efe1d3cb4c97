import Strata

/// MatMul and Gemm with operands computed at run time. A constant B of rank <= 2 keeps the
/// ``LinearOp`` path (`matMul`, `gemm` in ONNXOps+Dense.swift: the weight transposed once,
/// at import); everything else becomes a ``MatMulOp`` (numpy matmul: 1-D operands promoted,
/// leading axes broadcast; `cblas_sgemm` per matrix).
extension ONNXOps {
    /// MatMul (opsets 1, 9, 13: only the accepted types changed).
    static func matMulGeneral(_ node: ONNXNodeContext) throws {
        let a = try node.shape(0), b = try node.shape(1)
        if node.isConstant(1) && !node.isConstant(0) && (1...2).contains(b.rank) && a.rank >= 1 {
            try matMul(node)
            return
        }
        try node.emit(MatMulOp(), inputs: [node.activation(0), node.activation(1)])
    }

    /// Gemm (opsets 7, 9, 11, 13): `Y = alpha · op(A) · op(B) + beta · C`, A `[M, K]` (transA:
    /// `[K, M]`), B `[K, N]` (transB: `[N, K]`), C optional from opset 11 and broadcast to
    /// `[M, N]` (unidirectionally). With a constant B: a ``LinearOp``. Otherwise a
    /// ``MatMulOp`` carrying transA, transB and alpha (sgemm's own arguments), then
    /// `+ beta · C`: a constant `beta · C`, or a run-time C (times a constant beta unless it
    /// is 1) added by a ``BinaryOp``.
    static func gemmGeneral(_ node: ONNXNodeContext) throws {
        if node.isConstant(1) && (!node.has(2) || node.isConstant(2)) && !node.isConstant(0) {
            try gemm(node)
            return
        }
        let transA = try node.attributes.int("transA", default: 0) != 0
        let transB = try node.attributes.int("transB", default: 0) != 0
        let alpha = try node.attributes.float("alpha", default: 1)
        let beta = try node.attributes.float("beta", default: 1)
        let a = try node.shape(0), b = try node.shape(1)
        guard a.rank == 2, b.rank == 2 else { throw NodeIssue("A has shape \(a) and B \(b); Gemm needs both of rank 2") }
        if node.opset < 11 && !node.has(2) { throw NodeIssue("C is required before opset 11; the model imports opset \(node.opset)") }
        let op = MatMulOp(transposeA: transA, transposeB: transB, alpha: alpha)
        let operands = [try node.activation(0), try node.activation(1)]
        guard node.has(2), beta != 0 || !node.isConstant(2) else {
            try node.emit(op, inputs: operands)
            return
        }
        let product = try node.emit(op, inputs: operands, name: "\(node.output).product")
        let (m, n) = (node.graph.shapes[product]![0], node.graph.shapes[product]![1])
        let c = try node.shape(2)
        guard c.rank <= 2, zip(c.dimensions.reversed(), [n, m]).allSatisfy({ $0.0 == 1 || $0.0 == $0.1 }) else {
            throw NodeIssue("C has shape \(c); it must broadcast to [M, N] = [\(m), \(n)]")
        }
        var addend: String
        if node.isConstant(2) {
            let constant = try node.constant(2, "C")
            addend = try node.graph.emitConstant("\(node.output).C", ONNXConstant(dims: constant.dims, floats: constant.floats.map { beta * $0 }))
        } else {
            addend = try node.activation(2)
            if beta != 1 {
                let scale = try node.graph.emitConstant("\(node.output).beta", ONNXConstant(dims: [], floats: [beta]))
                addend = try node.emit(BinaryOp(.mul), inputs: [addend, scale], name: "\(node.output).scaledC")
            }
        }
        try node.emit(BinaryOp(.add), inputs: [product, addend])
    }
}
