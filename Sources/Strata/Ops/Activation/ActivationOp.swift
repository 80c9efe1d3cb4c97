import StrataReference

/// An activation function applied elementwise. Fused into a preceding convolution or
/// linear layer by the compiler when possible.
public struct ActivationOp: GraphOp, ActivationLike {
    public let activation: Activation

    public init(_ activation: Activation) { self.activation = activation }

    public var opName: String { activation.name }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return inputs[0]
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (activation, count) = (activation, output.elementCount)
        return KernelPlan { inputs, output, _ in activation.apply(inputs[0], into: output, count: count, workers: workers) }
    }

    public func reference(inputs: [Tensor]) throws -> Tensor {
        try Tensor(shape: inputs[0].shape.dimensions, values: ActivationOp.referenceValues(activation, inputs[0].scalars))
    }

    /// The naive reference of `activation` on `x`: the matching `StrataReference` function.
    public static func referenceValues(_ activation: Activation, _ x: [Float]) -> [Float] {
        switch activation {
        case .relu: Reference.relu(x)
        case .leakyReLU(let alpha): Reference.leakyReLU(x, alpha: alpha)
        case .clip(let low, let high): Reference.clip(x, min: low, max: high)
        case .sigmoid: Reference.sigmoid(x)
        case .tanh: Reference.tanh(x)
        case .gelu: Reference.gelu(x)
        case .geluTanh: Reference.geluTanh(x)
        case .silu: Reference.silu(x)
        case .hardSigmoid(let alpha, let beta): Reference.hardSigmoid(x, alpha: alpha, beta: beta)
        case .hardSwish: Reference.hardSwish(x)
        case .erf: Reference.erf(x)
        }
    }
}
