import StrataReference

/// Max or average pooling node over `[N, C, H, W]`.
public struct PoolOp: GraphOp {
    public let configuration: Pool2dConfiguration

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

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (x, configuration) = (inputs[0], configuration)
        let geometry = try configuration.geometry(input: Size2D(x[2], x[3]))
        return KernelPlan { inputs, output, _ in
            pool2d(configuration, geometry: geometry, input: inputs[0], batchChannels: x[0] * x[1], output: output, workers: workers)
        }
    }

    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0].shape
        let g = try configuration.geometry(input: Size2D(x[2], x[3]))
        let p = ReferencePool2dParameters(
            batch: x[0], channels: x[1], inHeight: x[2], inWidth: x[3],
            kernelHeight: g.kernel.height, kernelWidth: g.kernel.width, strideHeight: g.stride.height, strideWidth: g.stride.width,
            dilationHeight: g.dilation.height, dilationWidth: g.dilation.width,
            padTop: g.padding.top, padLeft: g.padding.left, padBottom: g.padding.bottom, padRight: g.padding.right,
            ceilMode: configuration.ceilMode, countIncludePad: configuration.countIncludePad)
        let values = configuration.kind == .max
            ? Reference.maxPool2d(input: inputs[0].scalars, p) : Reference.avgPool2d(input: inputs[0].scalars, p)
        return try Tensor(shape: [x[0], x[1], p.outHeight, p.outWidth], values: values)
    }
}
