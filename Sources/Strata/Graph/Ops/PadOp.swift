import StrataReference

/// Constant padding of the spatial axes of `[N, C, H, W]` (ONNX Pad, constant mode).
public struct PadOp: GraphOp {
    public let padding: Padding2D
    public let value: Float

    public init(_ padding: Padding2D, value: Float = 0) {
        (self.padding, self.value) = (padding, value)
    }

    public var opName: String { "Pad" }

    /// A window that only grows the plane: each output pixel reads at most one input pixel.
    public var spatialExtent: SpatialExtent { .pointwise }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try padSpatialShape(input: inputs[0], padding: padding)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        PadPlan(shape: inputs[0], padding: padding, value: value, workers: workers)
    }

    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = inputs[0].shape
        let values = Reference.padSpatial(inputs[0].scalars, shape: shape.dimensions, top: padding.top, left: padding.left,
                                          bottom: padding.bottom, right: padding.right, value: value)
        return try Tensor(shape: try outputShape(for: [shape]).dimensions, values: values)
    }
}

struct PadPlan: OpPlan {
    let shape: Shape
    let padding: Padding2D
    let value: Float
    let workers: Int

    func execute(inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
                 workspace: UnsafeMutablePointer<Float>?) {
        padSpatial(inputs[0], into: output, shape: shape, padding: padding, value: value, workers: workers)
    }
}
