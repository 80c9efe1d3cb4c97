import Strata

/// Adam with decoupled weight decay (Loshchilov and Hutter, 2017): `torch.optim.AdamW`'s
/// algorithm (https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html). Each step
/// first shrinks the parameter, `p = p · (1 − lr · weightDecay)` (the factor computed in
/// Double and rounded to float32, as PyTorch's Python float), then applies ``Adam``'s
/// update without adding anything to the gradient.
///
/// States `exp_avg` and `exp_avg_sq`, as ``Adam``.
public final class AdamW: Optimizer {
    /// `adamw`.
    public let name = "adamw"
    /// Steps taken so far (restored by ``loadState(_:stepCount:)``).
    public private(set) var stepCount = 0
    /// (β1, β2): decay rates of the moving averages of the gradient and its square.
    public let betas: (Float, Float)
    /// Added to the denominator for numerical stability.
    public let eps: Float
    /// The decoupled weight decay λ; PyTorch's default 0.01.
    public let weightDecay: Float

    private let update: AdamUpdate
    private let state: OptimizerState

    /// An optimizer for `parameters` (their `state_dict` names and shapes, in the order
    /// ``step(_:learningRate:)`` will receive them); allocates `exp_avg` and `exp_avg_sq`.
    /// - Throws: `StrataError.invalidArgument` for a beta outside [0, 1), a negative or
    ///   non-finite `eps` or `weightDecay` (PyTorch's checks), or an empty or repeated
    ///   parameter name.
    public init(parameters: [(name: String, shape: Shape)], betas: (Float, Float) = (0.9, 0.999),
                eps: Float = 1e-8, weightDecay: Float = 0.01) throws {
        try checkAdamSettings(optimizer: "AdamW", betas: betas, eps: eps, weightDecay: weightDecay)
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        update = AdamUpdate(beta1: betas.0, beta2: betas.1, eps: eps)
        state = try OptimizerState(parameters: parameters, stateNames: ["exp_avg", "exp_avg_sq"])
    }

    /// Decays then updates every parameter in place; allocates nothing.
    ///
    /// `parameters` must be the ones given at creation, same names and shapes, same order
    /// (a mismatch stops the program: it is a bug in the training loop).
    public func step(_ parameters: [ParameterBuffer], learningRate: Float) {
        state.checkMatches(parameters, optimizer: name)
        let scalars = update.scalars(step: stepCount + 1, learningRate: learningRate)
        let decay = Float(1 - Double(learningRate) * Double(weightDecay))
        for (index, parameter) in parameters.enumerated() {
            let p = parameter.value
            if weightDecay != 0 {
                for i in 0..<parameter.count { p[i] = p[i] * decay }
            }
            update.apply(p: p, grad: parameter.gradient, m: state.buffers[0][index],
                         v: state.buffers[1][index], count: parameter.count, l2: 0,
                         negativeStepSize: scalars.negativeStepSize, biasCorrection2Sqrt: scalars.biasCorrection2Sqrt)
        }
        stepCount += 1
    }

    /// `exp_avg` and `exp_avg_sq` per parameter (copies).
    public func stateTensors() -> [String: Tensor] { state.tensors() }

    /// Restores ``stateTensors()`` and the step count (which sets the bias corrections).
    /// - Throws: `StrataError.invalidArgument` naming every missing, mis-shaped or
    ///   unexpected tensor, or for a negative `stepCount`; nothing changes then.
    public func loadState(_ tensors: [String: Tensor], stepCount: Int) throws {
        let count = try checkedStepCount(stepCount, optimizer: name)
        try state.load(tensors, optimizer: name)
        self.stepCount = count
    }
}
