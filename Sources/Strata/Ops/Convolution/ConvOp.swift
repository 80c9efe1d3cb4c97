/// 2-D convolution node, optionally with a fused activation epilogue.
/// Weights `[OC, IC/groups, KH, KW]`, bias `[OC]`.
public struct ConvOp: GraphOp, BatchNormFoldable, ActivationFusable {
    /// The convolution's hyper-parameters.
    public let configuration: Conv2dConfiguration
    /// `[OC, IC/groups, KH, KW]`, PyTorch's and ONNX's layout.
    public let weight: Tensor
    /// `[OC]`, or nil for no bias.
    public let bias: Tensor?
    /// Applied to the output in the GEMM epilogue (set by fusion), or nil.
    public let activation: Activation?
    /// The algorithm to plan with where it applies (``CompileOptions/convolutionAlgorithm``);
    /// nil: the cost model's choice.
    public let algorithm: ConvAlgorithm?
    /// Floats of workspace per worker (``CompileOptions/workspaceBudgetBytes``); see
    /// ``Conv2dPlan/init(configuration:inputShape:activation:workers:algorithm:workspaceBudget:)``.
    public let workspaceBudget: Int

    /// A convolution node.
    /// - Throws: ``StrataError`` when the configuration is invalid or the weight or bias shape
    ///   does not match it.
    public init(
        _ configuration: Conv2dConfiguration, weight: Tensor, bias: Tensor?, activation: Activation? = nil,
        algorithm: ConvAlgorithm? = nil, workspaceBudget: Int = Conv2dPlan.defaultWorkspaceBudget
    ) throws {
        try configuration.validate(weightShape: weight.shape, biasShape: bias?.shape)
        self.configuration = configuration
        self.weight = weight
        self.bias = bias
        self.activation = activation
        self.algorithm = algorithm
        self.workspaceBudget = workspaceBudget
    }

    /// The same convolution with other weights, bias, activation or planning choices.
    private func with(
        weight: Tensor? = nil, bias: Tensor?? = nil, activation: Activation?? = nil,
        algorithm: ConvAlgorithm?? = nil, workspaceBudget: Int? = nil
    ) throws -> ConvOp {
        try ConvOp(configuration, weight: weight ?? self.weight, bias: bias ?? self.bias, activation: activation ?? self.activation,
                   algorithm: algorithm ?? self.algorithm, workspaceBudget: workspaceBudget ?? self.workspaceBudget)
    }

    public var opName: String { activation.map { "Conv2d+\($0.name)" } ?? "Conv2d" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try Conv2dPlan(configuration: configuration, inputShape: inputs[0], workers: 1).outputShape
    }

    public var parameters: [(name: String, value: Tensor)] { weightAndBiasParameters(weight, bias) }

    public func replacingParameters(_ values: [String: Tensor]) -> any GraphOp {
        let newBias: Tensor? = values["bias"] ?? bias
        return (try? with(weight: values["weight"] ?? weight, bias: newBias)) ?? self
    }

    public func macs(inputs: [Shape], output: Shape) -> Int {
        .saturatingProduct(output.elementCount, weight.shape[1], weight.shape[2], weight.shape[3])
    }

    public var spatialExtent: SpatialExtent {
        .window(kernel: configuration.kernel, stride: configuration.stride, dilation: configuration.dilation)
    }

    /// The resolved top and left padding (SAME padding depends on the input size).
    public func spatialPaddingStart(inputs: [Shape]) -> Size2D {
        let c = configuration
        return WindowGeometry.paddingStart(inputs: inputs) {
            try WindowGeometry(input: $0, kernel: c.kernel, stride: c.stride, dilation: c.dilation, padding: c.padding)
        }
    }

    /// Plans the convolution and prepares its weights (the Winograd transform happens here, once).
    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let plan = try Conv2dPlan(configuration: configuration, inputShape: inputs[0], activation: activation,
                                  workers: workers, algorithm: algorithm, workspaceBudget: workspaceBudget)
        return ConvOpPlan(plan: plan, weight: try plan.preparedWeights(weight), bias: bias)
    }

    /// The algorithm ``plan(inputs:output:workers:)`` would choose (without preparing weights).
    public func plannedAlgorithm(inputs: [Shape], workers: Int) -> String? {
        (try? Conv2dPlan(configuration: configuration, inputShape: inputs[0], workers: workers, algorithm: algorithm))?
            .algorithm.rawValue
    }

    /// The same convolution planned with `algorithm` where it applies.
    public func preferring(_ algorithm: ConvAlgorithm?) -> ConvOp {
        (try? with(algorithm: .some(algorithm))) ?? self
    }

    /// The same convolution planned with `floats` of workspace per worker.
    public func budgeting(_ floats: Int) -> ConvOp {
        (try? with(workspaceBudget: floats)) ?? self
    }

    /// Folds an affine map per output channel into the weights and bias (BatchNorm folding):
    /// `w' = w · scale[oc]`, `b' = b · scale[oc] + shift[oc]`.
    /// - Throws: ``StrataError`` when `scale` does not have one entry per output channel or an
    ///   activation is already fused (it would then come before the map).
    public func folding(scale: [Float], shift: [Float]) throws -> any GraphOp {
        guard scale.count == configuration.outChannels, activation == nil else {
            throw StrataError.shapeMismatch("cannot fold \(scale.count) channel scales into a convolution with \(configuration.outChannels) output channels")
        }
        var newWeight = weight
        let perChannel = weight.elementCount / configuration.outChannels
        newWeight.withUnsafeMutableBufferPointer { w in
            for oc in 0..<configuration.outChannels {
                for i in 0..<perChannel { w[oc * perChannel + i] *= scale[oc] }
            }
        }
        let oldBias = bias?.scalars ?? [Float](repeating: 0, count: configuration.outChannels)
        let newBias = try Tensor(shape: [configuration.outChannels],
                                 values: (0..<configuration.outChannels).map { oldBias[$0] * scale[$0] + shift[$0] })
        return try with(weight: newWeight, bias: .some(newBias))
    }

    /// The same convolution with `activation` in its epilogue, or nil when one is already fused.
    public func fusing(_ activation: Activation) -> (any GraphOp)? {
        guard self.activation == nil else { return nil }
        return try? with(activation: .some(activation))
    }
}

struct ConvOpPlan: OpPlan {
    let plan: Conv2dPlan
    /// ``Conv2dPlan/preparedWeights(_:)``
    let weight: Tensor
    let bias: Tensor?

    var workspaceCount: Int { plan.workspaceCount }

    func execute(inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
                 workspace: UnsafeMutablePointer<Float>?) {
        withWeightAndBias(weight, bias) { w, b in
            plan.execute(input: inputs[0], preparedWeights: w, bias: b, output: output, workspace: workspace)
        }
    }
}
