/// ONNX LpNormalization: `x / ‖x‖_p` along one axis (see ``LpNormConfiguration``).
public struct LpNormOp: GraphOp {
    /// The axis and the norm.
    public let configuration: LpNormConfiguration

    /// An LpNormalization node.
    public init(_ configuration: LpNormConfiguration) { self.configuration = configuration }

    public var opName: String { "LpNormalization" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    public func macs(inputs: [Shape], output: Shape) -> Int { .saturatingProduct(2, output.elementCount) }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (configuration, shape) = (configuration, inputs[0])
        return KernelPlan { inputs, output, _ in
            lpNorm(inputs[0], into: output, shape: shape, configuration: configuration, workers: workers)
        }
    }
}
