/// An op that can be trained: it plans a forward pass that keeps what its backward pass
/// needs, and the backward pass itself (reverse-mode differentiation, one node at a time).
///
/// Each op family adopts it next to its forward kernel (`Ops/Convolution/ConvOp+Training.swift`),
/// so adding a trainable op touches its own folder only. `StrataTraining`'s training graph
/// calls these plans in topological order (forward) and in reverse (backward); a graph with
/// a node whose op does not conform cannot be trained, and the error names that node.
public protocol TrainableOp: GraphOp {
    /// Plans training-mode forward and backward for fixed input shapes and `workers` threads.
    /// - Throws: ``StrataError`` when this configuration has no backward pass (a fused
    ///   activation, an op mode that is not differentiable), saying which.
    func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan
}

/// Whether a forward pass trains (batch statistics, dropout) or evaluates (running
/// statistics, no dropout), as PyTorch's `module.train()` / `module.eval()`.
public enum TrainingMode: Sendable, Equatable {
    /// Batch statistics for BatchNorm (running averages updated), dropout masks drawn.
    case train
    /// Running statistics for BatchNorm, dropout is the identity; nothing is updated.
    case eval
}

/// A compiled trainable op. Buffers are planned by the training graph; nothing here
/// allocates. All tensors are float32, contiguous, in the node's planned shapes (NCHW).
public protocol TrainingPlan: Sendable {
    /// Floats this node keeps from its forward pass to its backward pass (the im2col matrix
    /// of a convolution, a max pool's argmax, a dropout mask, BatchNorm's batch statistics).
    var savedCount: Int { get }
    /// Floats of scratch shared with every other node; nothing survives between calls.
    var workspaceCount: Int { get }
    /// Runs the op forward; in ``TrainingMode/train`` also fills `saved` and updates
    /// statistics held in `parameters` (BatchNorm's running mean and variance).
    func forward(_ pass: TrainingForward)
    /// Backpropagates the output gradient: **adds** each input's gradient into
    /// `inputGradients[i]` (nil where no gradient is wanted, as for the graph input) and
    /// **overwrites** `parameterGradients`. Called only after a forward in ``TrainingMode/train``
    /// on the same buffers.
    func backward(_ pass: TrainingBackward)
}

extension TrainingPlan {
    public var savedCount: Int { 0 }
    public var workspaceCount: Int { 0 }
}

/// The buffers of one node's forward pass.
public struct TrainingForward {
    /// One pointer per op input, each in its planned shape.
    public var inputs: UnsafeBufferPointer<UnsafePointer<Float>>
    /// Room for the output; overwritten.
    public var output: UnsafeMutablePointer<Float>
    /// The op's ``GraphOp/parameters`` in their order, learned ones and statistics alike.
    public var parameters: UnsafeBufferPointer<UnsafeMutablePointer<Float>>
    /// ``TrainingPlan/savedCount`` floats kept for the backward pass (nil when 0).
    public var saved: UnsafeMutablePointer<Float>?
    /// ``TrainingPlan/workspaceCount`` floats of shared scratch (nil when 0).
    public var workspace: UnsafeMutablePointer<Float>?
    /// Train or eval.
    public var mode: TrainingMode
    /// Seeds this node's randomness for this step (dropout masks): the training graph
    /// derives it from its seed, the step and the node, so runs repeat bit for bit.
    public var randomSeed: UInt64

    /// Bundles the buffers of one forward call.
    public init(
        inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
        parameters: UnsafeBufferPointer<UnsafeMutablePointer<Float>>, saved: UnsafeMutablePointer<Float>?,
        workspace: UnsafeMutablePointer<Float>?, mode: TrainingMode, randomSeed: UInt64
    ) {
        self.inputs = inputs
        self.output = output
        self.parameters = parameters
        self.saved = saved
        self.workspace = workspace
        self.mode = mode
        self.randomSeed = randomSeed
    }
}

/// The buffers of one node's backward pass.
public struct TrainingBackward {
    /// The forward pass's inputs, unchanged since it ran.
    public var inputs: UnsafeBufferPointer<UnsafePointer<Float>>
    /// The forward pass's output, unchanged since it ran.
    public var output: UnsafePointer<Float>
    /// dLoss/dOutput, in the output's shape.
    public var outputGradient: UnsafePointer<Float>
    /// One per input: dLoss/dInput is **added** here; nil where the gradient is not wanted.
    public var inputGradients: UnsafeBufferPointer<UnsafeMutablePointer<Float>?>
    /// The op's parameters as in the forward pass.
    public var parameters: UnsafeBufferPointer<UnsafeMutablePointer<Float>>
    /// One per entry of ``GraphOp/parameters``: dLoss/dParameter, **overwritten**; nil for
    /// statistics (BatchNorm's running mean and variance have no gradient).
    public var parameterGradients: UnsafeBufferPointer<UnsafeMutablePointer<Float>?>
    /// What the forward pass saved.
    public var saved: UnsafeMutablePointer<Float>?
    /// Shared scratch, as in the forward pass.
    public var workspace: UnsafeMutablePointer<Float>?

    /// Bundles the buffers of one backward call.
    public init(
        inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradients: UnsafeBufferPointer<UnsafeMutablePointer<Float>?>,
        parameters: UnsafeBufferPointer<UnsafeMutablePointer<Float>>,
        parameterGradients: UnsafeBufferPointer<UnsafeMutablePointer<Float>?>,
        saved: UnsafeMutablePointer<Float>?, workspace: UnsafeMutablePointer<Float>?
    ) {
        self.inputs = inputs
        self.output = output
        self.outputGradient = outputGradient
        self.inputGradients = inputGradients
        self.parameters = parameters
        self.parameterGradients = parameterGradients
        self.saved = saved
        self.workspace = workspace
    }
}

/// A ``TrainingPlan`` made of two closures, as ``KernelPlan`` is for inference: everything
/// worked out at plan time is captured; each call is one closure call, no allocation.
public struct ClosureTrainingPlan: TrainingPlan {
    public let savedCount: Int
    public let workspaceCount: Int
    let forwardBody: @Sendable (TrainingForward) -> Void
    let backwardBody: @Sendable (TrainingBackward) -> Void

    /// A plan calling `forward` and `backward`.
    /// - Parameters:
    ///   - savedCount: floats kept from forward to backward.
    ///   - workspaceCount: floats of shared scratch either call needs.
    ///   - forward: runs ``TrainingPlan/forward(_:)``.
    ///   - backward: runs ``TrainingPlan/backward(_:)``.
    public init(
        savedCount: Int = 0, workspaceCount: Int = 0,
        forward: @escaping @Sendable (TrainingForward) -> Void,
        backward: @escaping @Sendable (TrainingBackward) -> Void
    ) {
        self.savedCount = savedCount
        self.workspaceCount = workspaceCount
        self.forwardBody = forward
        self.backwardBody = backward
    }

    public func forward(_ pass: TrainingForward) { forwardBody(pass) }
    public func backward(_ pass: TrainingBackward) { backwardBody(pass) }
}
