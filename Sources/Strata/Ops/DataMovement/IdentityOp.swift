/// Passes its input through unchanged, optionally under a new shape with the same element
/// count (ONNX Identity, inference Dropout, Reshape/Squeeze/Unsqueeze with constant shapes).
/// Row-major data does not move, so a compiled graph aliases the input buffer, as for
/// ``FlattenOp``; ``GraphRunner`` copies.
public struct IdentityOp: GraphOp {
    /// The output dimensions, or nil for the input's own shape.
    public let shape: Shape?

    /// Identity, or a reshape to `shape` (checked for the same element count when the node is added).
    public init(reshapingTo shape: Shape? = nil) { self.shape = shape }

    public var opName: String { shape == nil ? "Identity" : "Reshape" }
    public var aliasesInput: Bool { true }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        guard let shape else { return inputs[0] }
        guard shape.elementCount == inputs[0].elementCount else {
            throw StrataError.shapeMismatch(
                "cannot reshape \(inputs[0]) (\(inputs[0].elementCount) elements) to \(shape) (\(shape.elementCount) elements)")
        }
        return shape
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        KernelPlan.copy(count: output.elementCount)
    }
}
