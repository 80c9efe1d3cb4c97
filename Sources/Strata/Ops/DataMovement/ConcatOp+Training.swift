/// Concatenation backward: the output gradient cut back along the axis, each piece added
/// to its input's gradient (PyTorch `cat`'s backward is this `split`).
extension ConcatOp: TrainableOp {
    /// Plans the concatenation forward and its splitting backward, along any axis.
    /// - Throws: the shape errors of the forward op (a bad axis).
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let axis = try output.resolve(axis: axis, "concat axis")
        let inner = output.dimensions[(axis + 1)...].reduce(1, *)
        let outer = output.dimensions[..<axis].reduce(1, *)
        // Per input: its block of one outer index (size on the axis · inner) and where it starts in the output's.
        let blocks = inputs.map { $0[axis] * inner }
        let offsets = blocks.indices.map { blocks[..<$0].reduce(0, +) }
        let outputBlock = output[axis] * inner
        let shapes = inputs
        let axisAsGiven = self.axis
        return ClosureTrainingPlan(
            forward: { pass in concat(pass.inputs, shapes: shapes, axis: axisAsGiven, into: pass.output, workers: workers) },
            backward: { pass in
                for k in blocks.indices {
                    guard let dx = pass.inputGradients[k], blocks[k] > 0 else { continue }
                    for o in 0..<outer {
                        addGradient(pass.outputGradient + o * outputBlock + offsets[k], into: dx + o * blocks[k], count: blocks[k])
                    }
                }
            })
    }
}
