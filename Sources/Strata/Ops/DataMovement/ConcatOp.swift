import StrataReference

/// Concatenation along an axis (channels: axis 1; negative counts from the end) at rank
/// 1-8; an input with size 0 on the axis contributes nothing.
public struct ConcatOp: GraphOp {
    public let axis: Int

    public init(axis: Int) { self.axis = axis }

    public var opName: String { "Concat" }

    public func outputShape(for inputs: [Shape]) throws -> Shape { try concatShape(inputs, axis: axis) }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let axis = axis
        return KernelPlan { pointers, output, _ in concat(pointers, shapes: inputs, axis: axis, into: output, workers: workers) }
    }

    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = try concatShape(inputs.map(\.shape), axis: axis)
        let resolved = axis < 0 ? axis + shape.rank : axis   // the reference takes 0..<rank
        let values = Reference.concat(inputs.map(\.scalars), shapes: inputs.map(\.shape.dimensions), axis: resolved)
        return try Tensor(shape: shape.dimensions, values: values)
    }
}
