/// Which statistics a normalization op computes; gamma and beta are its affine parameters.
public enum NormalizationKind: Hashable, Sendable {
    /// Statistics per (n, group of C/groups channels); gamma, beta `[C]`.
    case group(Int)
    /// Statistics per (n, c); gamma, beta `[C]`.
    case instance
    /// Statistics per n over (C, H, W); gamma, beta `[C, H, W]` (PyTorch `LayerNorm([C, H, W])`).
    case layer
}

/// GroupNorm, InstanceNorm or LayerNorm over `[N, C, H, W]` (biased variance, as PyTorch).
public struct NormalizationOp: GraphOp {
    /// Group, instance or layer normalization: which elements share a mean and variance.
    public let kind: NormalizationKind
    /// γ, the scale after normalizing (shape given by ``kind``).
    public let gamma: Tensor
    /// β, the shift after scaling (shape as `gamma`).
    public let beta: Tensor
    /// Added to the variance before the square root.
    public let epsilon: Float

    /// A normalization node; shapes are checked when the node is added. `epsilon` defaults to
    /// PyTorch's 1e-5.
    public init(_ kind: NormalizationKind, gamma: Tensor, beta: Tensor, epsilon: Float = 1e-5) {
        (self.kind, self.gamma, self.beta, self.epsilon) = (kind, gamma, beta, epsilon)
    }

    public var opName: String {
        switch kind {
        case .group: "GroupNorm"
        case .instance: "InstanceNorm"
        case .layer: "LayerNorm"
        }
    }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        switch kind {
        case .group(let groups): return try groupNormShape(input: inputs[0], groups: groups, gamma: gamma.shape, beta: beta.shape)
        case .instance: return try instanceNormShape(input: inputs[0], gamma: gamma.shape, beta: beta.shape)
        case .layer: return try layerNormShape(input: inputs[0], axis: 1, gamma: gamma.shape, beta: beta.shape)
        }
    }

    public var parameters: [(name: String, value: Tensor)] { [("weight", gamma), ("bias", beta)] }

    public func replacingParameters(_ values: [String: Tensor]) -> any GraphOp {
        NormalizationOp(kind, gamma: values["weight"] ?? gamma, beta: values["bias"] ?? beta, epsilon: epsilon)
    }

    public func macs(inputs: [Shape], output: Shape) -> Int { .saturatingProduct(2, output.elementCount) }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (op, shape) = (self, inputs[0])
        return KernelPlan { inputs, output, _ in
            op.gamma.withUnsafeBufferPointer { g in
                op.beta.withUnsafeBufferPointer { b in
                    switch op.kind {
                    case .group(let groups):
                        groupNorm(inputs[0], into: output, shape: shape, groups: groups, gamma: g.baseAddress, beta: b.baseAddress,
                                  epsilon: op.epsilon, workers: workers)
                    case .instance:
                        instanceNorm(inputs[0], into: output, shape: shape, gamma: g.baseAddress, beta: b.baseAddress,
                                     epsilon: op.epsilon, workers: workers)
                    case .layer:
                        layerNorm(inputs[0], into: output, shape: shape, axis: 1, gamma: g.baseAddress, beta: b.baseAddress,
                                  epsilon: op.epsilon, workers: workers)
                    }
                }
            }
        }
    }
}
