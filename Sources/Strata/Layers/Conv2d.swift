/// A 2-D convolution layer over NCHW float32 tensors, with its weights and a reusable
/// workspace.
///
/// ```swift
/// var rng = SeededGenerator(seed: 7)
/// let conv = try Conv2d(
///     Conv2dConfiguration(inChannels: 3, outChannels: 16, kernel: 3, padding: .same),
///     generator: &rng)
/// let y = try conv(try Tensor.uniform([1, 3, 32, 32], using: &rng))   // [1, 16, 32, 32]
/// ```
///
/// The plan for an input shape is computed on first use and kept; calling again with the
/// same shape reuses the plan and the workspace, and ``forward(_:into:)`` also reuses the
/// output tensor, so a steady-state call allocates nothing. Not for concurrent use: give
/// each thread its own layer.
public final class Conv2d {
    /// The convolution's channels, kernel, stride, padding, dilation and groups.
    public let configuration: Conv2dConfiguration
    /// `[OC, IC/groups, KH, KW]`
    public let weight: Tensor
    /// `[OC]`, or nil for no bias.
    public let bias: Tensor?
    /// The layer's scratch memory (im2col panels, Winograd blocks), reused across calls.
    public let workspace = Workspace()
    /// The thread pool the layer runs on.
    public let context: ExecutionContext
    /// The algorithm to plan with where it applies (nil: the cost model's choice).
    public var algorithm: ConvAlgorithm? {
        didSet { cached = nil }
    }
    /// The plan for the last input shape and the weights prepared for it.
    private var cached: (plan: Conv2dPlan, weights: Tensor)?

    /// A layer with the given weights; throws if their shapes do not match the configuration.
    public init(_ configuration: Conv2dConfiguration, weight: Tensor, bias: Tensor?, context: ExecutionContext = .default) throws {
        try configuration.validate(weightShape: weight.shape, biasShape: bias?.shape)
        self.configuration = configuration
        self.context = context
        self.weight = weight
        self.bias = bias
    }

    /// A layer with He-normal weights (fan-in IC/groups·KH·KW) and a zero bias.
    public convenience init(_ configuration: Conv2dConfiguration, hasBias: Bool = true, generator: inout SeededGenerator) throws {
        try configuration.validate()
        let dimensions = configuration.weightDimensions
        let weight = try Tensor.he(dimensions, fanIn: dimensions[1] * dimensions[2] * dimensions[3], using: &generator)
        let bias = hasBias ? try Tensor(shape: [configuration.outChannels]) : nil
        try self.init(configuration, weight: weight, bias: bias)
    }

    /// The plan for `inputShape`, computed once per shape.
    public func plan(for inputShape: Shape) throws -> Conv2dPlan {
        try planAndWeights(for: inputShape).plan
    }

    /// The plan for `inputShape` and the weights prepared for it (``Conv2dPlan/preparedWeights(_:)``),
    /// made once per shape.
    private func planAndWeights(for inputShape: Shape) throws -> (plan: Conv2dPlan, weights: Tensor) {
        if let cached, cached.plan.inputShape == inputShape { return cached }
        let plan = try Conv2dPlan(configuration: configuration, inputShape: inputShape, workers: context.threads, algorithm: algorithm)
        let prepared = (plan, try plan.preparedWeights(weight))
        cached = prepared
        return prepared
    }

    /// Convolves `input` `[N, C, H, W]` into a new `[N, OC, OH, OW]` tensor.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var output = Tensor(zeros: try plan(for: input.shape).outputShape)
        try forward(input, into: &output)
        return output
    }

    /// Convolves `input` into `output`, reusing `output`'s buffer when it already has the
    /// right shape and is not shared (otherwise it is replaced by a new tensor).
    public func forward(_ input: Tensor, into output: inout Tensor) throws {
        let (plan, weights) = try planAndWeights(for: input.shape)
        if output.shape != plan.outputShape { output = Tensor(zeros: plan.outputShape) }
        let scratch = workspace.buffer(count: plan.workspaceCount)
        context.perform { execute(plan, weights, input, &output, scratch) }
    }

    private func execute(_ plan: Conv2dPlan, _ weights: Tensor, _ input: Tensor, _ output: inout Tensor, _ scratch: UnsafeMutablePointer<Float>?) {
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                withWeightAndBias(weights, bias) { w, b in
                    plan.execute(input: x.baseAddress!, preparedWeights: w, bias: b, output: y.baseAddress!, workspace: scratch)
                }
            }
        }
    }
}
