/// Inverted dropout, as `torch.nn.Dropout` in train mode: a Bernoulli(1 − p) mask scaled by
/// 1/(1 − p), `y = x ⊙ mask`, `dx += dy ⊙ mask`. The mask (0 or 1/(1 − p) per element) is
/// kept in `saved`, drawn from `SeededGenerator(seed: randomSeed)` in row-major order, so the
/// same seed gives the same mask; an element is kept when its uniform draw u ∈ [0, 1)
/// satisfies u ≥ p. p = 1 zeroes everything (PyTorch does too). Eval: the identity.
extension DropoutOp: TrainableOp {
    /// Plans the masked forward and its backward; `saved` holds the mask (one float per element).
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let count = output.elementCount
        let p = Double(probability)
        let scale: Float = probability < 1 ? Float(1 / (1 - p)) : 0
        return ClosureTrainingPlan(
            savedCount: count,
            forward: { pass in
                let (x, y) = (pass.inputs[0], pass.output)
                guard pass.mode == .train, let mask = pass.saved else {
                    if UnsafePointer(y) != x { y.update(from: x, count: count) }
                    return
                }
                var generator = SeededGenerator(seed: pass.randomSeed)
                for i in 0..<count {
                    mask[i] = generator.nextUnitDouble() >= p ? scale : 0
                    y[i] = x[i] * mask[i]
                }
            },
            backward: { pass in
                guard let dx = pass.inputGradients[0], let mask = pass.saved else { return }
                let dy = pass.outputGradient
                for i in 0..<count { dx[i] += dy[i] * mask[i] }
            })
    }
}
