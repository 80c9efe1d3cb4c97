/// Softmax along an axis (default the last: the class axis of `[N, classes]`).
public struct SoftmaxOp: GraphOp {
    /// The axis, as given (negative counts from the end).
    public let axis: Int

    /// A Softmax node; ONNX's default axis (opset 13) and PyTorch's usual `dim=-1` are the last.
    public init(axis: Int = -1) { self.axis = axis }

    public var opName: String { "Softmax" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try softmaxShape(inputs[0], axis: axis)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (shape, axis) = (inputs[0], axis)
        return KernelPlan { inputs, output, _ in softmax(inputs[0], into: output, shape: shape, axis: axis, workers: workers) }
    }
}
