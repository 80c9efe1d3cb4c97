/// ONNX Expand (opsets 8, 13): the input broadcast with a target shape both ways, by
/// numpy's rule (`numpy.array(input) * numpy.ones(shape)`): shapes align at the last axis,
/// on each axis the sizes are equal or one is 1, and the output takes the other. So the
/// output may be larger than `shape` (a 1 in `shape` keeps the input's size) and have the
/// input's rank when `shape` is shorter.
///
///     y[i] = x[i with every broadcast axis's index set to 0]
///
/// One `StridedCopy` with stride 0 on the broadcast axes (a fill where the innermost
/// axis is broadcast).
public struct ExpandOp: GraphOp {
    /// The target shape (ONNX input `shape`).
    public let shape: Shape

    /// An Expand node; the shapes are checked for broadcasting when the node is added.
    public init(shape: Shape) { self.shape = shape }

    public var opName: String { "Expand" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try broadcastShape(inputs[0], shape)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        guard !output.isEmpty else { return KernelPlan { _, _, _ in } }
        let input = inputs[0]
        // The input's sizes and strides right-aligned with the output's axes.
        let padding = output.rank - input.rank
        let inputStrides = input.strides
        let strides = (0..<output.rank).map { axis in
            axis < padding || input[axis - padding] == 1 ? 0 : inputStrides[axis - padding]
        }
        let copy = StridedCopy(base: 0, sizes: output.dimensions, strides: strides)
        return KernelPlan { inputs, output, _ in copy.run(inputs[0], output, workers: workers) }
    }
}

extension ExpandOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}
