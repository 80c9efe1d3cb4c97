/// 2-D transposed convolution node (ONNX ConvTranspose, PyTorch `ConvTranspose2d`):
/// input `[N, IC, H, W]`, weight `[IC, OC/groups, KH, KW]`, bias `[OC]`, output
/// `[N, OC, OH, OW]` (sizes in ``ConvTranspose2dConfiguration``, kernel in ``ConvTransposePlan``).
public struct ConvTransposeOp: GraphOp {
    /// The transposed convolution's hyper-parameters.
    public let configuration: ConvTranspose2dConfiguration
    /// `[IC, OC/groups, KH, KW]`, the ONNX and PyTorch layout.
    public let weight: Tensor
    /// `[OC]`, or nil for no bias.
    public let bias: Tensor?

    /// A transposed-convolution node.
    /// - Throws: ``StrataError`` when the configuration is invalid or a shape does not match it.
    public init(_ configuration: ConvTranspose2dConfiguration, weight: Tensor, bias: Tensor?) throws {
        try configuration.validate(weightShape: weight.shape, biasShape: bias?.shape)
        (self.configuration, self.weight, self.bias) = (configuration, weight, bias)
    }

    public var opName: String { "ConvTranspose2d" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try ConvTransposePlan(configuration: configuration, inputShape: inputs[0], workers: 1).outputShape
    }

    public var parameters: [(name: String, value: Tensor)] { weightAndBiasParameters(weight, bias) }

    public func replacingParameters(_ values: [String: Tensor]) -> any GraphOp {
        (try? ConvTransposeOp(configuration, weight: values["weight"] ?? weight, bias: values["bias"] ?? bias)) ?? self
    }

    /// Every input pixel multiplies `OC/groups · KH · KW` weights.
    public func macs(inputs: [Shape], output: Shape) -> Int {
        .saturatingProduct(inputs[0].elementCount, weight.shape[1], weight.shape[2], weight.shape[3])
    }

    /// For receptive-field bookkeeping the op is treated as a window of its kernel with
    /// stride 1: it upsamples, so the jump does not grow.
    public var spatialExtent: SpatialExtent {
        .window(kernel: configuration.kernel, stride: 1, dilation: configuration.dilation)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let plan = try ConvTransposePlan(configuration: configuration, inputShape: inputs[0], workers: workers)
        let (weight, bias) = (weight, bias)
        return KernelPlan(workspaceCount: plan.workspaceCount) { inputs, output, workspace in
            withWeightAndBias(weight, bias) { w, b in
                plan.execute(input: inputs[0], weights: w, bias: b, output: output, workspace: workspace)
            }
        }
    }
}
