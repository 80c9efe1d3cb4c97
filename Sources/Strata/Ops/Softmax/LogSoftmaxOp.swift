/// LogSoftmax along an axis (default the last), ONNX LogSoftmax-13.
public struct LogSoftmaxOp: GraphOp {
    /// The axis, as given (negative counts from the end).
    public let axis: Int

    /// A LogSoftmax node; ONNX's default axis is the last (-1).
    public init(axis: Int = -1) { self.axis = axis }

    public var opName: String { "LogSoftmax" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try softmaxShape(inputs[0], axis: axis)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (shape, axis) = (inputs[0], axis)
        return KernelPlan { inputs, output, _ in logSoftmax(inputs[0], into: output, shape: shape, axis: axis, workers: workers) }
    }
}
