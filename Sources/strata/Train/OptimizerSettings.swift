import Strata
import StrataTraining

/// `strata train`'s optimizer and schedule flags turned into StrataTraining objects.
/// Epoch-based settings (`--step-size`, `--warmup`) become optimizer steps here.
struct OptimizerSettings {
    var name: String
    var learningRate: Float?
    var momentum: Float
    var nesterov: Bool
    var weightDecay: Float?
    var schedule: String
    var stepSizeEpochs: Int
    var gamma: Float
    var warmupEpochs: Double

    /// `--lr`, else PyTorch-tutorial defaults: 1e-3 for Adam and AdamW, 0.01 for SGD.
    var baseLearningRate: Float { learningRate ?? (name == "sgd" ? 0.01 : 1e-3) }

    func makeOptimizer(for parameters: [(name: String, shape: Shape)]) throws -> any Optimizer {
        switch name {
        case "sgd": try SGD(parameters: parameters, momentum: momentum, nesterov: nesterov, weightDecay: weightDecay ?? 0)
        case "adamw": try AdamW(parameters: parameters, weightDecay: weightDecay ?? 0.01)
        default: try Adam(parameters: parameters, weightDecay: weightDecay ?? 0)
        }
    }

    /// The learning rate of each optimizer step (0-based over the whole run).
    func makeSchedule(stepsPerEpoch: Int, epochs: Int) throws -> @Sendable (Int) -> Float {
        let base = baseLearningRate
        let schedule: any LearningRateSchedule = switch self.schedule {
        case "step": try StepLR(stepSize: stepSizeEpochs * stepsPerEpoch, gamma: gamma)
        case "cosine":
            try CosineWithWarmup(warmupSteps: Int(warmupEpochs * Double(stepsPerEpoch)), totalSteps: max(1, epochs * stepsPerEpoch))
        default: try ConstantLR()
        }
        return { schedule.learningRate(atStep: $0, baseLearningRate: base) }
    }
}
