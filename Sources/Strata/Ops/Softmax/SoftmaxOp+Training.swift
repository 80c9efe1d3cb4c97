/// Softmax backward along its axis from the saved output y: `dx += y ⊙ (dy − Σ dy ⊙ y)`,
/// the sum over each line along the axis (PyTorch `_softmax_backward_data`). For a loss
/// on class scores, a fused softmax with cross-entropy is more accurate than this op.
extension SoftmaxOp: TrainableOp {
    /// Plans the softmax forward and its backward.
    /// - Throws: the shape errors of the forward op (a bad axis).
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let (shape, axisAsGiven) = (inputs[0], axis)
        let axis = try shape.resolve(axis: axis, "softmax axis")
        let size = shape[axis]
        let inner = shape.dimensions[(axis + 1)...].reduce(1, *)
        let outer = shape.dimensions[..<axis].reduce(1, *)
        let lines = outer * inner
        let shares = min(max(workers, 1), max(lines, 1))
        return ClosureTrainingPlan(
            forward: { pass in softmax(pass.inputs[0], into: pass.output, shape: shape, axis: axisAsGiven, workers: workers) },
            backward: { pass in
                guard let dx = pass.inputGradients[0], size > 0 else { return }
                let (y, dy) = (pass.output, pass.outputGradient)
                parallelFor(shares, workers: workers) { share in
                    let (l0, l1) = evenSplit(lines, parts: shares, part: share)
                    for line in l0..<l1 {
                        // Line `line` starts at (o·size)·inner + i and steps by inner.
                        let start = (line / inner) * size * inner + line % inner
                        var dot = 0.0
                        for a in 0..<size { dot += Double(dy[start + a * inner]) * Double(y[start + a * inner]) }
                        let d = Float(dot)
                        for a in 0..<size {
                            let j = start + a * inner
                            dx[j] += y[j] * (dy[j] - d)
                        }
                    }
                }
            })
    }
}
