/// Concatenation along an axis (channels: axis 1; negative counts from the end) at rank
/// 1-8; an input with size 0 on the axis contributes nothing.
public struct ConcatOp: GraphOp {
    /// The axis to join along, as given (negative counts from the end).
    public let axis: Int

    /// A concatenation node; the inputs' shapes are checked when the node is added.
    public init(axis: Int) { self.axis = axis }

    public var opName: String { "Concat" }

    public func outputShape(for inputs: [Shape]) throws -> Shape { try concatShape(inputs, axis: axis) }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let axis = axis
        return KernelPlan { pointers, output, _ in concat(pointers, shapes: inputs, axis: axis, into: output, workers: workers) }
    }
}
