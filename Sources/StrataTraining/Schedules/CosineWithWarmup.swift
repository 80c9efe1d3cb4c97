import Foundation

/// A linear warm-up followed by cosine annealing, the usual pairing of PyTorch's
/// `LinearLR` and `CosineAnnealingLR` in `SequentialLR`, in closed form:
///
/// - step < `warmupSteps`: `base · (startFactor + (1 − startFactor) · step / warmupSteps)`
///   (`LinearLR` from `startFactor` to 1; with the default `startFactor` 0, step 0 has
///   learning rate 0);
/// - `warmupSteps` ≤ step ≤ `totalSteps`, with t = step − warmupSteps and
///   T = totalSteps − warmupSteps: `minimum + (base − minimum) · (1 + cos(π · t / T)) / 2`
///   (`CosineAnnealingLR`'s formula, `eta_min` = `minimum`,
///   https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html);
/// - step > `totalSteps`: `minimum` (PyTorch's cosine would rise again).
public struct CosineWithWarmup: LearningRateSchedule {
    /// Steps of linear warm-up (0 for none).
    public let warmupSteps: Int
    /// The step at which the learning rate reaches `minimum`.
    public let totalSteps: Int
    /// The final learning rate (PyTorch's `eta_min`), an absolute value.
    public let minimum: Float
    /// The fraction of the base learning rate at step 0, in [0, 1].
    public let startFactor: Float

    /// - Throws: `StrataError.invalidArgument` for a negative `warmupSteps`, a
    ///   `totalSteps` not above `warmupSteps`, a negative or non-finite `minimum`, or a
    ///   `startFactor` outside [0, 1].
    public init(warmupSteps: Int, totalSteps: Int, minimum: Float = 0, startFactor: Float = 0) throws {
        try requireSetting(warmupSteps >= 0, "CosineWithWarmup warmupSteps must be >= 0, got \(warmupSteps)")
        try requireSetting(totalSteps > warmupSteps,
                           "CosineWithWarmup totalSteps must be greater than warmupSteps (\(warmupSteps)), got \(totalSteps)")
        try requireSetting(minimum.isFinite && minimum >= 0, "CosineWithWarmup minimum must be finite and >= 0, got \(minimum)")
        try requireSetting(startFactor >= 0 && startFactor <= 1,
                           "CosineWithWarmup startFactor must be in [0, 1], got \(startFactor)")
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.minimum = minimum
        self.startFactor = startFactor
    }

    /// The learning rate of the formulas above, computed in Double.
    public func learningRate(atStep step: Int, baseLearningRate: Float) -> Float {
        precondition(step >= 0, "CosineWithWarmup: step \(step) is negative")
        let base = Double(baseLearningRate)
        if step < warmupSteps {
            let start = Double(startFactor)
            return Float(base * (start + (1 - start) * Double(step) / Double(warmupSteps)))
        }
        if step >= totalSteps { return minimum }
        let progress = Double(step - warmupSteps) / Double(totalSteps - warmupSteps)
        let eta = Double(minimum)
        return Float(eta + (base - eta) * (1 + cos(Double.pi * progress)) / 2)
    }
}
