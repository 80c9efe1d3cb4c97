/// Max or average pooling node over `[N, C, H, W]`.
public struct PoolOp: GraphOp {
    /// The pooling's kind, window, padding and modes.
    public let configuration: Pool2dConfiguration

    /// A pooling node; the window is checked against the input when the node is added.
    public init(_ configuration: Pool2dConfiguration) { self.configuration = configuration }

    public var opName: String { configuration.kind == .max ? "MaxPool" : "AvgPool" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    public func macs(inputs: [Shape], output: Shape) -> Int { 0 }

    public var spatialExtent: SpatialExtent {
        .window(kernel: configuration.kernel, stride: configuration.stride, dilation: configuration.dilation)
    }

    /// The resolved top and left padding (SAME padding depends on the input size).
    public func spatialPaddingStart(inputs: [Shape]) -> Size2D {
        WindowGeometry.paddingStart(inputs: inputs, configuration.geometry(input:))
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (x, configuration) = (inputs[0], configuration)
        let geometry = try configuration.geometry(input: Size2D(x[2], x[3]))
        return KernelPlan { inputs, output, _ in
            pool2d(configuration, geometry: geometry, input: inputs[0], batchChannels: x[0] * x[1], output: output, workers: workers)
        }
    }
}
