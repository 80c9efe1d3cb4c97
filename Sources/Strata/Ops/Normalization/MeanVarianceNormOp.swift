/// ONNX MeanVarianceNormalization: `(x − E[x]) / (√Var[x] + 1e-9)` over `axes` (see
/// ``MeanVarianceNormConfiguration``).
public struct MeanVarianceNormOp: GraphOp {
    /// The normalized axes.
    public let configuration: MeanVarianceNormConfiguration

    /// A MeanVarianceNormalization node.
    public init(_ configuration: MeanVarianceNormConfiguration) { self.configuration = configuration }

    public var opName: String { "MeanVarianceNormalization" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    public func macs(inputs: [Shape], output: Shape) -> Int { .saturatingProduct(3, output.elementCount) }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let layout = MeanVarianceLayout(shape: inputs[0], axes: try configuration.resolvedAxes(rank: inputs[0].rank))
        return KernelPlan { inputs, output, _ in meanVarianceNorm(inputs[0], into: output, layout: layout, workers: workers) }
    }
}
