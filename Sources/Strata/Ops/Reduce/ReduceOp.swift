/// An ONNX Reduce* node (see ``ReduceConfiguration``): squeeze-excitation's ReduceMean
/// over H and W, a decomposed LayerNorm's mean over the last axis, and the rest.
public struct ReduceOp: GraphOp {
    /// The reduction, with its axes resolved.
    public let configuration: ReduceConfiguration

    /// A reduction node; the axes are checked against the input's rank when the node is added.
    public init(_ configuration: ReduceConfiguration) { self.configuration = configuration }

    public var opName: String { configuration.kind.onnxName }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let data = try ReducePlanData(configuration, input: inputs[0])
        return KernelPlan { inputs, output, _ in reduce(inputs[0], into: output, plan: data, workers: workers) }
    }
}
