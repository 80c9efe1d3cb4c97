import Strata

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
/// L2 weight decay: `torch.optim.SGD`'s algorithm
/// (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html), step by step as
/// its `_single_tensor_sgd` computes it, in float32:
///
/// ```
/// g = grad + weightDecay · p                       (if weightDecay ≠ 0)
/// b = g                                            (first step)
/// b = momentum · b + (1 − dampening) · g           (later steps)   } if momentum ≠ 0
/// g = g + momentum · b  (nesterov)   or   g = b                    }
/// p = p − lr · g
/// ```
///
/// The buffer `b` is the state `momentum_buffer` (`conv1.weight.momentum_buffer`); with
/// `momentum` 0 there is no state. Before the first step the buffers hold zeros (PyTorch
/// has no buffer yet), and the first step overwrites them with the gradient.
public final class SGD: Optimizer {
    /// `sgd`.
    public let name = "sgd"
    /// Steps taken so far (restored by ``loadState(_:stepCount:)``).
    public private(set) var stepCount = 0
    /// The momentum factor μ (PyTorch's `momentum`); 0 is plain SGD.
    public let momentum: Float
    /// The dampening τ of the gradient added to the momentum buffer after the first step.
    public let dampening: Float
    /// Whether to use Nesterov momentum (Sutskever et al., 2013), as PyTorch.
    public let nesterov: Bool
    /// The L2 penalty λ added to the gradient as `λ · p`.
    public let weightDecay: Float

    private let state: OptimizerState

    /// An optimizer for `parameters` (their `state_dict` names and shapes, in the order
    /// ``step(_:learningRate:)`` will receive them); allocates the momentum buffers.
    /// - Throws: `StrataError.invalidArgument` for a negative or non-finite `momentum`,
    ///   `dampening` or `weightDecay`, for `nesterov` without a positive `momentum` and zero
    ///   `dampening` (PyTorch's rule), and for an empty or repeated parameter name.
    public init(parameters: [(name: String, shape: Shape)], momentum: Float = 0, dampening: Float = 0,
                nesterov: Bool = false, weightDecay: Float = 0) throws {
        try requireSetting(momentum.isFinite && momentum >= 0, "SGD momentum must be finite and >= 0, got \(momentum)")
        try requireSetting(dampening.isFinite && dampening >= 0, "SGD dampening must be finite and >= 0, got \(dampening)")
        try requireSetting(weightDecay.isFinite && weightDecay >= 0,
                           "SGD weightDecay must be finite and >= 0, got \(weightDecay)")
        if nesterov {
            try requireSetting(momentum > 0 && dampening == 0,
                               "SGD nesterov requires momentum > 0 and dampening 0, got momentum \(momentum) and dampening \(dampening)")
        }
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        state = try OptimizerState(parameters: parameters, stateNames: momentum != 0 ? ["momentum_buffer"] : [])
    }

    /// Updates every parameter in place from its gradient; allocates nothing.
    ///
    /// `parameters` must be the ones given at creation, same names and shapes, same order
    /// (a mismatch stops the program: it is a bug in the training loop).
    public func step(_ parameters: [ParameterBuffer], learningRate: Float) {
        state.checkMatches(parameters, optimizer: name)
        let first = stepCount == 0
        // PyTorch turns the Python-float factors into float32 scalars for its kernels.
        let bufferGradientFactor = 1 - dampening
        let negativeLearningRate = -learningRate
        for (index, parameter) in parameters.enumerated() {
            let p = parameter.value, grad = parameter.gradient
            let buffer: UnsafeMutablePointer<Float>? = momentum != 0 ? state.buffers[0][index] : nil
            for i in 0..<parameter.count {
                var g = grad[i]
                if weightDecay != 0 { g = g + weightDecay * p[i] }
                if let buffer {
                    let b = first ? g : buffer[i] * momentum + bufferGradientFactor * g
                    buffer[i] = b
                    g = nesterov ? g + momentum * b : b
                }
                p[i] = p[i] + negativeLearningRate * g
            }
        }
        stepCount += 1
    }

    /// `momentum_buffer` per parameter when `momentum` ≠ 0 (copies), else empty.
    public func stateTensors() -> [String: Tensor] { state.tensors() }

    /// Restores ``stateTensors()`` and the step count; a count of 0 means the next step
    /// is a first step (the buffers are overwritten by the gradient).
    /// - Throws: `StrataError.invalidArgument` naming every missing, mis-shaped or
    ///   unexpected tensor, or for a negative `stepCount`; nothing changes then.
    public func loadState(_ tensors: [String: Tensor], stepCount: Int) throws {
        let count = try checkedStepCount(stepCount, optimizer: name)
        try state.load(tensors, optimizer: name)
        self.stepCount = count
    }
}
