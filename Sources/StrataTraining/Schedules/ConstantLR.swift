/// PyTorch's `ConstantLR`: the base learning rate times `factor` for the first
/// `totalIters` steps, then the base learning rate
/// (https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ConstantLR.html).
///
/// Unlike PyTorch (factor 1/3, 5 iterations) the defaults give a constant learning rate,
/// so `ConstantLR()` is "no schedule".
public struct ConstantLR: LearningRateSchedule {
    /// The multiplier of the first `totalIters` steps, in [0, 1].
    public let factor: Float
    /// Steps run at `factor` times the base learning rate.
    public let totalIters: Int

    /// - Throws: `StrataError.invalidArgument` for a `factor` outside [0, 1] (PyTorch's
    ///   check) or a negative `totalIters`.
    public init(factor: Float = 1, totalIters: Int = 0) throws {
        try requireSetting(factor >= 0 && factor <= 1, "ConstantLR factor must be in [0, 1], got \(factor)")
        try requireSetting(totalIters >= 0, "ConstantLR totalIters must be >= 0, got \(totalIters)")
        self.factor = factor
        self.totalIters = totalIters
    }

    /// `baseLearningRate · factor` before step `totalIters`, then `baseLearningRate`.
    public func learningRate(atStep step: Int, baseLearningRate: Float) -> Float {
        step < totalIters ? Float(Double(baseLearningRate) * Double(factor)) : baseLearningRate
    }
}
