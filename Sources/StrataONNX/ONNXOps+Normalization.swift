import Strata

/// LRN, InstanceNormalization, LayerNormalization, GroupNormalization, LpNormalization and
/// MeanVarianceNormalization on run-time tensors. Scales and biases must be constants
/// (weights); each is checked against the input's shape and expanded to the per-channel or
/// per-element layout the kernels take.
extension ONNXOps {
    /// LRN-1/13: `size` (required, >= 1), alpha (1e-4), beta (0.75), bias (1) on `[N, C, ...]`.
    static func lrn(_ node: ONNXNodeContext) throws {
        guard let size = try node.attributes.int("size") else { throw NodeIssue("attribute size is missing; LRN requires it") }
        let configuration: LRNConfiguration
        do {
            configuration = try LRNConfiguration(
                size: size, alpha: node.attributes.float("alpha", default: 1e-4),
                beta: node.attributes.float("beta", default: 0.75), bias: node.attributes.float("bias", default: 1))
        } catch { throw NodeIssue("\(error)") }
        try node.emit(LRNOp(configuration), inputs: [node.activation(0)])
    }

    /// InstanceNormalization-6/22: statistics per (n, c) of `[N, C, ...]`; scale and B `[C]`.
    static func instanceNormalization(_ node: ONNXNodeContext) throws {
        let epsilon = try node.attributes.float("epsilon", default: 1e-5)
        try requireNonNegative(epsilon, "epsilon")
        let op = NormalizationOp(.instance, gamma: try node.tensor(1, "scale"), beta: try node.tensor(2, "B"), epsilon: epsilon)
        try node.emit(op, inputs: [node.activation(0)])
    }

    /// LayerNormalization-17: axis (-1), epsilon (1e-5), stash_type (1); Scale and the
    /// optional B broadcast to the normalized shape `X.shape[axis:]` (unidirectionally).
    /// The optional Mean and InvStdDev outputs become their own nodes.
    static func layerNormalization(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        guard x.rank >= 1 else { throw NodeIssue("input X is a scalar; LayerNormalization needs rank >= 1") }
        let axis = try node.axis(node.attributes.int("axis", default: -1), rank: x.rank)
        let epsilon = try node.attributes.float("epsilon", default: 1e-5)
        try requireNonNegative(epsilon, "epsilon")
        try stashType(node)
        let normalized = Array(x.dimensions[axis...])
        let scale = try broadcastParameter(node.tensor(1, "Scale"), to: normalized, "Scale")
        let bias = node.has(2) ? try broadcastParameter(node.tensor(2, "B"), to: normalized, "B") : nil
        let input = try node.activation(0)
        try node.emit(LayerNormOp(axis: axis, gamma: scale, beta: bias, epsilon: epsilon), inputs: [input])
        for (index, statistic) in [(1, LayerNormStatisticsOp.Statistic.mean), (2, .inverseStandardDeviation)]
        where node.wants(output: index) {
            try node.emit(LayerNormStatisticsOp(statistic, axis: axis, epsilon: epsilon), inputs: [input],
                          name: node.node.output[index])
        }
    }

    /// GroupNormalization: num_groups (required), epsilon (1e-5); opset 18 takes scale and
    /// bias per group (`[num_groups]`, each group's value used for its C/num_groups
    /// channels, as the opset 18 function body), opset 21 per channel (`[C]`) and adds
    /// stash_type.
    static func groupNormalization(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        guard x.rank >= 2 else { throw NodeIssue("input X has shape \(x); expected [N, C, ...]") }
        guard let groups = try node.attributes.int("num_groups") else {
            throw NodeIssue("attribute num_groups is missing; GroupNormalization requires it")
        }
        guard groups >= 1, x[1] % groups == 0 else {
            throw NodeIssue("num_groups \(groups) must be >= 1 and divide the \(x[1]) channels of input X \(x)")
        }
        let epsilon = try node.attributes.float("epsilon", default: 1e-5)
        try requireNonNegative(epsilon, "epsilon")
        var scale = try node.tensor(1, "scale"), bias = try node.tensor(2, "bias")
        if node.opset < 21 {
            // Opset 18: one value per group, repeated over the group's channels.
            let perGroup = x[1] / groups
            for (name, tensor) in [("scale", scale), ("bias", bias)] where tensor.shape.dimensions != [groups] {
                throw NodeIssue("\(name) has shape \(tensor.shape); GroupNormalization-18 expects [num_groups] = [\(groups)]")
            }
            let (scales, biases) = (scale.scalars, bias.scalars)
            scale = try Tensor(shape: [x[1]], values: (0..<x[1]).map { scales[$0 / perGroup] })
            bias = try Tensor(shape: [x[1]], values: (0..<x[1]).map { biases[$0 / perGroup] })
        } else {
            try stashType(node)
        }
        try node.emit(NormalizationOp(.group(groups), gamma: scale, beta: bias, epsilon: epsilon), inputs: [node.activation(0)])
    }

    /// LpNormalization-1/22: axis (-1), p 1 or 2 (default 2).
    static func lpNormalization(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        let axis = try node.attributes.int("axis", default: -1)
        let p = try node.attributes.int("p", default: 2)
        guard p == 1 || p == 2 else { throw NodeIssue("attribute p=\(p) is not supported; LpNormalization takes p 1 or 2") }
        let configuration = try LpNormConfiguration(axis: node.axis(axis, rank: x.rank), p: p)
        try node.emit(LpNormOp(configuration), inputs: [node.activation(0)])
    }

    /// MeanVarianceNormalization-9/13: axes (default [0, 2, 3]).
    static func meanVarianceNormalization(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        let axes = try node.attributes.ints("axes") ?? [0, 2, 3]
        let configuration = MeanVarianceNormConfiguration(axes: axes)
        do { _ = try configuration.resolvedAxes(rank: x.rank) } catch {
            throw NodeIssue("axes \(axes) do not fit input X of shape \(x): \(error)")
        }
        try node.emit(MeanVarianceNormOp(configuration), inputs: [node.activation(0)])
    }

    // MARK: - Helpers

    /// stash_type: the precision of the statistics. Strata accumulates them in Double and
    /// rounds once, which meets FLOAT (1, the default) and DOUBLE (11); reduced-precision
    /// statistics (FLOAT16, BFLOAT16) would give other numbers and are refused.
    private static func stashType(_ node: ONNXNodeContext) throws {
        let stash = try node.attributes.int("stash_type", default: 1)
        guard stash == 1 || stash == 11 else {
            throw NodeIssue("attribute stash_type=\(stash) is not supported; Strata computes the statistics in "
                + "Double and rounds once, which serves FLOAT (1) and DOUBLE (11)")
        }
    }

    private static func requireNonNegative(_ epsilon: Float, _ name: String) throws {
        guard epsilon >= 0, epsilon.isFinite else { throw NodeIssue("attribute \(name)=\(epsilon) is not supported; expected a finite value >= 0") }
    }

    /// `tensor` broadcast to the normalized shape `dims` (see ``layerNormParameter(_:normalizedShape:name:)``).
    static func broadcastParameter(_ tensor: Tensor, to dims: [Int], _ name: String) throws -> Tensor {
        do { return try layerNormParameter(tensor, normalizedShape: dims, name: name) } catch { throw NodeIssue("\(error)") }
    }
}
