/// Lp pooling node over `[N, C, H, W]` (ONNX LpPool; see ``LpPoolConfiguration``).
public struct LpPoolOp: GraphOp {
    /// The pooling's p and window.
    public let configuration: LpPoolConfiguration

    /// An LpPool node.
    public init(_ configuration: LpPoolConfiguration) { self.configuration = configuration }

    public var opName: String { "LpPool" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
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
        let (x, configuration) = (inputs[0], configuration)
        let geometry = try configuration.geometry(input: Size2D(x[2], x[3]))
        return KernelPlan { inputs, output, _ in
            lpPool2d(configuration, geometry: geometry, input: inputs[0], planes: x[0] * x[1], output: output, workers: workers)
        }
    }
}

/// ONNX GlobalLpPool: `[N, C, H, W]` → `[N, C, 1, 1]`, the p-norm of each plane.
public struct GlobalLpPoolOp: GraphOp {
    /// The norm's exponent, > 0 (ONNX `p`, default 2).
    public let p: Float

    /// A GlobalLpPool node; `p` is checked when the node is added.
    public init(p: Float) { self.p = p }

    public var opName: String { "GlobalLpPool" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        guard p > 0, p.isFinite else { throw StrataError.invalidArgument("global lp pool p = \(p); expected a finite p > 0") }
        return try globalPoolOutputShape(input: inputs[0])   // [N, C, 1, 1]; H and W >= 1, as GlobalMaxPool
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (x, p) = (inputs[0], p)
        return KernelPlan { inputs, output, _ in
            globalLpPool(p: p, input: inputs[0], planes: x[0] * x[1], planeSize: x[2] * x[3], output: output, workers: workers)
        }
    }
}
