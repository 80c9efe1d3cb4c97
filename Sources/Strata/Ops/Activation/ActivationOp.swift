/// An activation function applied elementwise. Fused into a preceding convolution or
/// linear layer by the compiler when possible.
public struct ActivationOp: GraphOp, ActivationLike {
    /// The function applied to every element.
    public let activation: Activation

    /// An op applying `activation`; it has no parameters.
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
}
