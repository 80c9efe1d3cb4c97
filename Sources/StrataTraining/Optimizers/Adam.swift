import Strata

/// Adam (Kingma and Ba, 2014) with optional L2 weight decay added to the gradient:
/// `torch.optim.Adam`'s algorithm
/// (https://pytorch.org/docs/stable/generated/torch.optim.Adam.html) as its
/// single-tensor implementation computes it in float32, for step t = 1, 2, …:
///
/// ```
/// g = grad + weightDecay · p                   (if weightDecay ≠ 0)
/// m = β1 · m + (1 − β1) · g                    (computed as m + (1 − β1)·(g − m))
/// v = β2 · v + (1 − β2) · g²
/// denom = sqrt(v) / sqrt(1 − β2^t) + eps
/// p = p − lr / (1 − β1^t) · m / denom
/// ```
///
/// States `exp_avg` (m) and `exp_avg_sq` (v), zeros at creation. For weight decay
/// decoupled from the gradient use ``AdamW``.
public final class Adam: Optimizer {
    /// `adam`.
    public let name = "adam"
    /// Steps taken so far (restored by ``loadState(_:stepCount:)``); step t above is
    /// `stepCount + 1`.
    public private(set) var stepCount = 0
    /// (β1, β2): decay rates of the moving averages of the gradient and its square.
    public let betas: (Float, Float)
    /// Added to the denominator for numerical stability.
    public let eps: Float
    /// The L2 penalty λ added to the gradient as `λ · p`.
    public let weightDecay: Float

    private let update: AdamUpdate
    private let state: OptimizerState

    /// An optimizer for `parameters` (their `state_dict` names and shapes, in the order
    /// ``step(_:learningRate:)`` will receive them); allocates `exp_avg` and `exp_avg_sq`.
    /// - Throws: `StrataError.invalidArgument` for a beta outside [0, 1), a negative or
    ///   non-finite `eps` or `weightDecay` (PyTorch's checks), or an empty or repeated
    ///   parameter name.
    public init(parameters: [(name: String, shape: Shape)], betas: (Float, Float) = (0.9, 0.999),
                eps: Float = 1e-8, weightDecay: Float = 0) throws {
        try checkAdamSettings(optimizer: "Adam", betas: betas, eps: eps, weightDecay: weightDecay)
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        update = AdamUpdate(beta1: betas.0, beta2: betas.1, eps: eps)
        state = try OptimizerState(parameters: parameters, stateNames: ["exp_avg", "exp_avg_sq"])
    }

    /// Updates every parameter in place from its gradient; allocates nothing.
    ///
    /// `parameters` must be the ones given at creation, same names and shapes, same order
    /// (a mismatch stops the program: it is a bug in the training loop).
    public func step(_ parameters: [ParameterBuffer], learningRate: Float) {
        state.checkMatches(parameters, optimizer: name)
        let scalars = update.scalars(step: stepCount + 1, learningRate: learningRate)
        for (index, parameter) in parameters.enumerated() {
            update.apply(p: parameter.value, grad: parameter.gradient, m: state.buffers[0][index],
                         v: state.buffers[1][index], count: parameter.count, l2: weightDecay,
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

/// PyTorch's checks of Adam's and AdamW's settings.
func checkAdamSettings(optimizer: String, betas: (Float, Float), eps: Float, weightDecay: Float) throws {
    try requireSetting(betas.0 >= 0 && betas.0 < 1, "\(optimizer) betas.0 must be in [0, 1), got \(betas.0)")
    try requireSetting(betas.1 >= 0 && betas.1 < 1, "\(optimizer) betas.1 must be in [0, 1), got \(betas.1)")
    try requireSetting(eps.isFinite && eps >= 0, "\(optimizer) eps must be finite and >= 0, got \(eps)")
    try requireSetting(weightDecay.isFinite && weightDecay >= 0,
                       "\(optimizer) weightDecay must be finite and >= 0, got \(weightDecay)")
}
