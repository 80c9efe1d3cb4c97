/// An ONNX ArgMax or ArgMin node (see ``ArgMaxConfiguration``): a classifier's predicted
/// class, a detector's best anchor. Its output holds indices as float32 values and is
/// marked integer-valued, so `strata run` writes it as int64.
public struct ArgMaxOp: GraphOp {
    /// Which extreme, along which axis, and how ties and the axis are kept.
    public let configuration: ArgMaxConfiguration

    /// An ArgMax or ArgMin node.
    public init(_ configuration: ArgMaxConfiguration) { self.configuration = configuration }

    public var opName: String { configuration.kind.onnxName }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        guard !output.isEmpty else { return KernelPlan { _, _, _ in } }
        let data = ArgMaxPlanData(configuration, input: inputs[0])
        return KernelPlan { inputs, output, _ in argMax(inputs[0], into: output, plan: data, workers: workers) }
    }
}

extension ArgMaxOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { true }
}
