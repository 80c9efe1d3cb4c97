/// ONNX LRN: local response normalization across channels of a `[N, C, ...]` tensor (see
/// ``LRNConfiguration`` for the formula).
public struct LRNOp: GraphOp {
    /// Window size, alpha, beta and bias.
    public let configuration: LRNConfiguration

    /// An LRN node.
    public init(_ configuration: LRNConfiguration) { self.configuration = configuration }

    public var opName: String { "LRN" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    /// `size` multiply-adds of the window, and the scaling, per output.
    public func macs(inputs: [Shape], output: Shape) -> Int {
        .saturatingProduct(min(configuration.size, output.rank >= 2 ? output[1] : 1) + 1, output.elementCount)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (configuration, shape) = (configuration, inputs[0])
        return KernelPlan { inputs, output, _ in
            localResponseNorm(inputs[0], into: output, shape: shape, configuration: configuration, workers: workers)
        }
    }
}
