/// PyTorch's `StepLR`: the learning rate multiplied by `gamma` every `stepSize` steps,
/// `lr = base · gamma^⌊step / stepSize⌋`
/// (https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.StepLR.html).
///
/// `stepSize` counts optimizer steps; PyTorch code usually steps this scheduler once per
/// epoch, and `strata train` converts its epoch setting to steps.
public struct StepLR: LearningRateSchedule {
    /// Steps between decays (≥ 1).
    public let stepSize: Int
    /// The multiplier at each decay.
    public let gamma: Float

    /// - Throws: `StrataError.invalidArgument` for a `stepSize` below 1 or a negative or
    ///   non-finite `gamma`.
    public init(stepSize: Int, gamma: Float = 0.1) throws {
        try requireSetting(stepSize >= 1, "StepLR stepSize must be >= 1 step, got \(stepSize)")
        try requireSetting(gamma.isFinite && gamma >= 0, "StepLR gamma must be finite and >= 0, got \(gamma)")
        self.stepSize = stepSize
        self.gamma = gamma
    }

    /// `baseLearningRate · gamma^⌊step / stepSize⌋`, computed in Double.
    public func learningRate(atStep step: Int, baseLearningRate: Float) -> Float {
        precondition(step >= 0, "StepLR: step \(step) is negative")
        var multiplier = 1.0
        for _ in 0..<(step / stepSize) { multiplier *= Double(gamma) }
        return Float(Double(baseLearningRate) * multiplier)
    }
}
