import Foundation
import Strata
@testable import StrataTraining
import Testing

/// Expected values computed by hand from PyTorch's closed forms.
@Suite struct LearningRateScheduleTests {
    @Test func stepLR() throws {
        let schedule = try StepLR(stepSize: 3, gamma: 0.5)
        let rates = (0..<8).map { schedule.learningRate(atStep: $0, baseLearningRate: 0.8) }
        #expect(rates == [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2])
        #expect(try StepLR(stepSize: 2, gamma: 0.25).learningRate(atStep: 5, baseLearningRate: 3) == 0.1875)
        #expect(try StepLR(stepSize: 2).gamma == 0.1)
    }

    @Test func constantLR() throws {
        #expect((0..<3).map { try! ConstantLR().learningRate(atStep: $0, baseLearningRate: 0.01) } == [0.01, 0.01, 0.01])
        let warm = try ConstantLR(factor: 0.25, totalIters: 2)
        #expect((0..<4).map { warm.learningRate(atStep: $0, baseLearningRate: 0.8) } == [0.2, 0.2, 0.8, 0.8])
    }

    /// Warm-up of 4 steps from 0 to 1, then cosine to 0.1 over steps 4...8 (T = 4):
    /// 0.1 + 0.9 · (1 + cos(π t / 4)) / 2 for t = 0...4 is 1, 0.1 + 0.45(1 + √½), 0.55,
    /// 0.1 + 0.45(1 − √½), 0.1.
    @Test func cosineWithWarmup() throws {
        let schedule = try CosineWithWarmup(warmupSteps: 4, totalSteps: 8, minimum: 0.1)
        let rates = (0..<11).map { schedule.learningRate(atStep: $0, baseLearningRate: 1) }
        let half = 0.5.squareRoot()
        let expected: [Double] = [0, 0.25, 0.5, 0.75, 1, 0.1 + 0.45 * (1 + half), 0.55, 0.1 + 0.45 * (1 - half), 0.1, 0.1, 0.1]
        for (step, (rate, want)) in zip(rates, expected).enumerated() {
            #expect(abs(Double(rate) - want) <= 1e-7, "step \(step): \(rate) vs \(want)")
        }
        let started = try CosineWithWarmup(warmupSteps: 2, totalSteps: 4, startFactor: 0.5)
        #expect((0..<5).map { started.learningRate(atStep: $0, baseLearningRate: 0.4) } == [0.2, 0.3, 0.4, 0.2, 0])
        // No warm-up: the cosine starts at the base rate.
        let cosine = try CosineWithWarmup(warmupSteps: 0, totalSteps: 2)
        #expect((0..<3).map { cosine.learningRate(atStep: $0, baseLearningRate: 0.4) } == [0.4, 0.2, 0])
    }

    @Test func invalidSettings() {
        #expect(errorMessage { _ = try StepLR(stepSize: 0, gamma: 0.1) } == "invalid argument: StepLR stepSize must be >= 1 step, got 0")
        #expect(errorMessage { _ = try StepLR(stepSize: 2, gamma: -1) }.contains("gamma must be finite and >= 0"))
        #expect(errorMessage { _ = try CosineWithWarmup(warmupSteps: 5, totalSteps: 5) }
                == "invalid argument: CosineWithWarmup totalSteps must be greater than warmupSteps (5), got 5")
        #expect(errorMessage { _ = try CosineWithWarmup(warmupSteps: -1, totalSteps: 5) }.contains("warmupSteps must be >= 0"))
        #expect(errorMessage { _ = try CosineWithWarmup(warmupSteps: 1, totalSteps: 5, minimum: -0.1) }.contains("minimum"))
        #expect(errorMessage { _ = try CosineWithWarmup(warmupSteps: 1, totalSteps: 5, startFactor: 2) }.contains("startFactor"))
        #expect(errorMessage { _ = try ConstantLR(factor: 1.5) }.contains("factor must be in [0, 1]"))
        #expect(errorMessage { _ = try ConstantLR(totalIters: -1) }.contains("totalIters"))
    }
}
