/// A learning rate per optimizer step, as PyTorch's `torch.optim.lr_scheduler` schedulers
/// give it in closed form.
///
/// Steps count optimizer steps from 0 (the first call of `Optimizer.step` uses step 0).
/// Schedules that PyTorch defines per epoch are given in steps here; `strata train`
/// converts epochs to steps (epochs × batches per epoch).
public protocol LearningRateSchedule: Sendable {
    /// The learning rate for optimizer step `step` (0-based, ≥ 0) when the base learning
    /// rate (PyTorch's `initial_lr`) is `baseLearningRate`.
    func learningRate(atStep step: Int, baseLearningRate: Float) -> Float
}
