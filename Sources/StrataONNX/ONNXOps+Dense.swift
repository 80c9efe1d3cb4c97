import Strata

/// BatchNormalization, Gemm, Transpose, MatMul, Softmax.
extension ONNXOps {
    /// Inference BatchNormalization. Opsets 7-8 have `spatial` (default 1: one mean and
    /// variance per channel); spatial 0 with per-channel `[C]` parameters is the same op.
    static func batchNorm(_ node: ONNXNodeContext) throws {
        try node.attributes.require("training_mode", equals: 0, because: "training statistics")
        node.attributes.ignore("momentum")   // training only
        let spatial = node.opset < 9 ? try node.attributes.int("spatial", default: 1) : 1
        let epsilon = try node.attributes.float("epsilon", default: 1e-5)
        let scale = try node.tensor(1, "scale")
        guard spatial == 1 || scale.rank == 1 else {
            throw NodeIssue("spatial=0 with scale of shape \(scale.shape) (per-element statistics) is not supported; only per-channel [C] parameters")
        }
        let op = try BatchNormOp(
            weight: scale, bias: node.tensor(2, "bias"),
            runningMean: node.tensor(3, "mean"), runningVariance: node.tensor(4, "variance"), epsilon: epsilon)
        try node.emit(op, inputs: [node.activation(0)])
    }

    /// `Y = alpha · A · op(B) + beta · C` with constant B and C becomes a ``LinearOp``:
    /// `weight = alpha · op(B)ᵀ` (`[N, K]`, PyTorch layout). A C that is the same for every
    /// row (`[]`, `[1]`, `[N]`, `[1, N]`) becomes the bias, `beta · C`; any other C that
    /// broadcasts to `[M, N]` (`[M, 1]`, `[M, N]`) is added after the product, as a
    /// constant `beta · C` (the spec's unidirectional broadcast).
    static func gemm(_ node: ONNXNodeContext) throws {
        let transA = try node.attributes.int("transA", default: 0) != 0
        let transB = try node.attributes.int("transB", default: 0) != 0
        let alpha = try node.attributes.float("alpha", default: 1)
        let beta = try node.attributes.float("beta", default: 1)
        let b = try node.constant(1, "B")
        guard b.dims.count == 2 else { throw NodeIssue("B has dims \(b.dims); expected rank 2") }
        let (n, k) = transB ? (b.dims[0], b.dims[1]) : (b.dims[1], b.dims[0])
        let bValues = b.floats
        let weightValues = (0..<n).flatMap { row in
            (0..<k).map { column in alpha * (transB ? bValues[row * k + column] : bValues[column * n + row]) }
        }
        var a = try node.activation(0)
        let aShape = node.graph.shapes[a]!
        guard aShape.rank == 2 else { throw NodeIssue("A has shape \(aShape); expected rank 2") }
        let m = transA ? aShape[1] : aShape[0]
        if transA {
            // A arrives as [K, M]: transpose it into an intermediate node first.
            a = try node.emit(TransposeOp(), inputs: [a], name: "\(node.output).transA")
        }
        var bias: Tensor?, addend: ONNXConstant?
        if node.opset < 11 && !node.has(2) { throw NodeIssue("C is required before opset 11; the model imports opset \(node.opset)") }
        if node.has(2) {
            let c = try node.constant(2, "C")
            let scaled = ONNXConstant(dims: c.dims, floats: c.floats.map { beta * $0 })
            let perColumn = c.dims.count <= 2 && c.dims.dropLast().allSatisfy { $0 == 1 } && [1, n].contains(c.dims.last ?? 1)
            if perColumn {
                bias = try Tensor(shape: [n], values: c.elementCount == 1 ? Array(repeating: scaled.floats[0], count: n) : scaled.floats)
            } else {
                guard c.dims.count == 2, [1, m].contains(c.dims[0]), [1, n].contains(c.dims[1]) else {
                    throw NodeIssue("C has dims \(c.dims); it must broadcast to [M, N] = [\(m), \(n)]")
                }
                addend = scaled
            }
        }
        let op = LinearOp(weight: try Tensor(shape: [n, k], values: weightValues), bias: bias)
        guard let addend else {
            try node.emit(op, inputs: [a])
            return
        }
        let product = try node.emit(op, inputs: [a], name: "\(node.output).product")
        let c = try node.graph.emitConstant("\(node.output).C", addend)
        try node.emit(BinaryOp(.add), inputs: [product, c])
    }

    /// `Transpose` of any permutation at rank 0-8 (no perm: the axes reversed); a perm
    /// that is not a permutation of the input's axes is reported by ``TransposeOp``.
    static func transpose(_ node: ONNXNodeContext) throws {
        try node.emit(TransposeOp(perm: node.attributes.ints("perm")), inputs: [node.activation(0)])
    }

    /// `Y = A · B` (numpy matmul) with A computed (any rank >= 1) and B a constant `[K, N]`
    /// or `[K]`: a ``LinearOp`` with weight `Bᵀ` and no bias on A's rows, with aliasing
    /// reshapes to `[rows, K]` and back to `[..., N]` (a 1-D operand's added axis removed,
    /// as numpy does). A B computed at run time or of rank > 2 is unsupported here.
    static func matMul(_ node: ONNXNodeContext) throws {
        let a = try node.shape(0)
        let b = try node.constant(1, "B")
        guard a.rank >= 1, (1...2).contains(b.dims.count) else {
            throw NodeIssue("A has shape \(a), B dims \(b.dims); only an A of rank >= 1 times a constant [K, N] or [K] is supported")
        }
        let (k, n) = (b.dims[0], b.dims.count == 2 ? b.dims[1] : 1)
        guard a.dimensions.last == k else {
            throw NodeIssue("A has shape \(a) and B dims \(b.dims); A's last size must equal B's first (\(k))")
        }
        let bValues = b.floats
        let weight = try Tensor(shape: [n, k], values: (0..<n).flatMap { row in (0..<k).map { bValues[$0 * n + row] } })
        let lead = Array(a.dimensions.dropLast())
        let outputDims = lead + (b.dims.count == 2 ? [n] : [])
        var x = try node.activation(0)
        if a.rank != 2 {
            x = try node.emit(IdentityOp(reshapingTo: Shape([lead.reduce(1, *), k])), inputs: [x], name: "\(node.output).rows")
        }
        guard outputDims.count != 2 || a.rank != 2 else {
            try node.emit(LinearOp(weight: weight, bias: nil), inputs: [x])
            return
        }
        let product = try node.emit(LinearOp(weight: weight, bias: nil), inputs: [x], name: "\(node.output).product")
        try node.emit(IdentityOp(reshapingTo: Shape(outputDims)), inputs: [product])
    }

    /// Opset 13+: softmax along `axis` (default -1). Before 13 the spec coerces the input
    /// to 2-D at `axis` (default 1) and normalizes each row of the trailing sizes, which is
    /// a reshape, a last-axis softmax, and a reshape back.
    static func softmax(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        guard x.rank >= 1 else { throw NodeIssue("input is a scalar; Softmax needs rank >= 1") }
        let given = try node.attributes.int("axis", default: node.opset < 13 ? 1 : -1)
        let axis = try node.axis(given, rank: x.rank)
        if node.opset >= 13 || axis == x.rank - 1 {
            try node.emit(SoftmaxOp(axis: axis), inputs: [node.activation(0)])
            return
        }
        let rows = try Shape([x.dimensions.prefix(axis).reduce(1, *), x.dimensions.dropFirst(axis).reduce(1, *)])
        let flat = try node.emit(IdentityOp(reshapingTo: rows), inputs: [node.activation(0)], name: "\(node.output).2d")
        let normalized = try node.emit(SoftmaxOp(axis: 1), inputs: [flat], name: "\(node.output).softmax")
        try node.emit(IdentityOp(reshapingTo: x), inputs: [normalized])
    }
}
