/// Layer normalization over the axes from `axis` on, at any rank >= 1 (ONNX
/// LayerNormalization-17, PyTorch `nn.LayerNorm(x.shape[axis:])`):
///
///     y = (x − μ) / √(σ² + epsilon) · gamma + beta
///
/// with μ and the biased σ² taken per index of the axes before `axis`. `gamma` and `beta`,
/// when given, have exactly the normalized axes' sizes (an importer expands a broadcast
/// scale first). The compiler also produces it from the ReduceMean → Sub → Pow → ReduceMean
/// → Add → Sqrt → Div (→ Mul → Add) pattern exporters write (`GraphPasses.fuseLayerNorm`).
public struct LayerNormOp: GraphOp {
    /// The first normalized axis; may be negative (from the end).
    public let axis: Int
    /// γ, shaped as the normalized axes, or nil for 1.
    public let gamma: Tensor?
    /// β, shaped as the normalized axes, or nil for 0.
    public let beta: Tensor?
    /// Added to σ² before the square root.
    public let epsilon: Float

    /// A layer norm node; `epsilon` defaults to PyTorch's and ONNX's 1e-5. Shapes are checked when
    /// the node is added.
    public init(axis: Int, gamma: Tensor? = nil, beta: Tensor? = nil, epsilon: Float = 1e-5) {
        (self.axis, self.gamma, self.beta, self.epsilon) = (axis, gamma, beta, epsilon)
    }

    public var opName: String { "LayerNorm" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try layerNormShape(input: inputs[0], axis: axis, gamma: gamma?.shape, beta: beta?.shape)
    }

    public var parameters: [(name: String, value: Tensor)] {
        [("weight", gamma), ("bias", beta)].compactMap { name, value in value.map { (name, $0) } }
    }

    public func replacingParameters(_ values: [String: Tensor]) -> any GraphOp {
        LayerNormOp(axis: axis, gamma: values["weight"] ?? gamma, beta: values["bias"] ?? beta, epsilon: epsilon)
    }

    public func macs(inputs: [Shape], output: Shape) -> Int { .saturatingProduct(2, output.elementCount) }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (op, shape) = (self, inputs[0])
        return KernelPlan { inputs, output, _ in
            op.gamma.withOptionalBuffer { g in
                op.beta.withOptionalBuffer { b in
                    layerNorm(inputs[0], into: output, shape: shape, axis: op.axis, gamma: g, beta: b, epsilon: op.epsilon,
                              workers: workers)
                }
            }
        }
    }
}

extension Optional where Wrapped == Tensor {
    /// The tensor's base address, or nil, for kernels whose parameters are optional.
    func withOptionalBuffer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let tensor = self else { return body(nil) }
        return tensor.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
