/// Global average or max pooling node: `[N, C, H, W] → [N, C, 1, 1]`.
public struct GlobalPoolOp: GraphOp {
    /// Max or average.
    public let kind: PoolKind

    /// A global pooling node.
    public init(kind: PoolKind) { self.kind = kind }

    public var opName: String { kind == .max ? "GlobalMaxPool" : "GlobalAvgPool" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try globalPoolOutputShape(input: inputs[0])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (kind, x) = (kind, inputs[0])
        let (planes, planeSize) = (x[0] * x[1], x[2] * x[3])
        return KernelPlan { inputs, output, _ in
            globalPool2d(kind, input: inputs[0], batchChannels: planes, planeSize: planeSize, output: output, workers: workers)
        }
    }
}
