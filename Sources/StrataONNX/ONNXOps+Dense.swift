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
    /// `weight = alpha · op(B)ᵀ` (`[N, K]`, PyTorch layout), `bias = beta · C` (C must not
    /// vary along the rows: shapes `[]`, `[1]`, `[N]` or `[1, N]`).
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
        var bias: Tensor?
        if node.has(2) {
            let c = try node.constant(2, "C")
            let values: [Float]
            switch c.elementCount {
            case n where c.dims.last == n && c.dims.dropLast().allSatisfy({ $0 == 1 }): values = c.floats
            case 1 where c.dims.allSatisfy({ $0 == 1 }): values = Array(repeating: c.floats[0], count: n)
            default: throw NodeIssue("C has dims \(c.dims); only a bias that is the same for every row ([], [1], [\(n)], [1, \(n)]) is supported")
            }
            bias = try Tensor(shape: [n], values: values.map { beta * $0 })
        }
        let op = LinearOp(weight: try Tensor(shape: [n, k], values: weightValues), bias: bias)
        var a = try node.activation(0)
        if transA {
            // A arrives as [K, M]: transpose it into an intermediate node first.
            a = try node.emit(TransposeOp(), inputs: [a], name: "\(node.output).transA")
        }
        try node.emit(op, inputs: [a])
    }

    /// `Transpose` of any permutation at rank 0-8 (no perm: the axes reversed); a perm
    /// that is not a permutation of the input's axes is reported by ``TransposeOp``.
    static func transpose(_ node: ONNXNodeContext) throws {
        try node.emit(TransposeOp(perm: node.attributes.ints("perm")), inputs: [node.activation(0)])
    }

    /// `Y = A · B` with A `[M, K]` computed and B `[K, N]` constant: a ``LinearOp`` with
    /// weight `Bᵀ` and no bias.
    static func matMul(_ node: ONNXNodeContext) throws {
        let a = try node.shape(0)
        guard a.rank == 2 else { throw NodeIssue("A has shape \(a); only [M, K] · constant [K, N] is supported") }
        let b = try node.constant(1, "B")
        guard b.dims.count == 2 else { throw NodeIssue("B has dims \(b.dims); only a constant [K, N] is supported") }
        let (k, n) = (b.dims[0], b.dims[1])
        let bValues = b.floats
        let weight = try Tensor(shape: [n, k], values: (0..<n).flatMap { row in (0..<k).map { bValues[$0 * n + row] } })
        try node.emit(LinearOp(weight: weight, bias: nil), inputs: [node.activation(0)])
    }

    /// Opset 13+: softmax along `axis` (default -1). Before 13 the spec coerces the input
    /// to 2-D at `axis` (default 1) and normalizes each row of the trailing sizes, which is
    /// a reshape, a last-axis softmax, and a reshape back.
    static func softmax(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        let axis = try node.axis(node.attributes.int("axis", default: node.opset < 13 ? 1 : -1), rank: max(x.rank, 1))
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
