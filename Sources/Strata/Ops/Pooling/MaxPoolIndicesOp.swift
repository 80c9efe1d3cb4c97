/// ONNX MaxPool's second output, `Indices`: for each window of `configuration` (a max
/// pooling) the flat index of its maximum in the `[N, C, H, W]` input, as float32 (exact
/// below 2^24 elements; see ``maxPoolIndices(geometry:order:input:planes:output:workers:)``).
/// The values output is a separate ``PoolOp`` on the same input: each node computes what it needs.
public struct MaxPoolIndicesOp: GraphOp {
    /// The max pooling whose argmax positions this node outputs.
    public let configuration: Pool2dConfiguration
    /// Row-major (ONNX `storage_order` 0) or column-major flat indices.
    public let order: IndexOrder

    /// A node computing MaxPool's `Indices` output for `configuration`.
    public init(_ configuration: Pool2dConfiguration, order: IndexOrder = .rowMajor) {
        (self.configuration, self.order) = (configuration, order)
    }

    public var opName: String { "MaxPoolIndices" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        guard configuration.kind == .max else {
            throw StrataError.invalidArgument("pooling indices need a max pooling; got \(configuration)")
        }
        guard inputs[0].elementCount <= maximumExactElements else {
            throw StrataError.invalidShape(
                "max pool indices of input \(inputs[0]) (\(inputs[0].elementCount) elements) are held as float32, exact only up to \(maximumExactElements) elements")
        }
        return try configuration.outputShape(input: inputs[0])
    }

    public var spatialExtent: SpatialExtent {
        .window(kernel: configuration.kernel, stride: configuration.stride, dilation: configuration.dilation)
    }

    /// The resolved top and left padding (SAME padding depends on the input size).
    public func spatialPaddingStart(inputs: [Shape]) -> Size2D {
        WindowGeometry.paddingStart(inputs: inputs, configuration.geometry(input:))
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (x, order) = (inputs[0], order)
        let geometry = try configuration.geometry(input: Size2D(x[2], x[3]))
        return KernelPlan { inputs, output, _ in
            maxPoolIndices(geometry: geometry, order: order, input: inputs[0], planes: x[0] * x[1], output: output, workers: workers)
        }
    }
}
