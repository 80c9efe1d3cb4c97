/// Flatten moves no data: forward copies (or is aliased), backward adds the gradient back.
extension FlattenOp: TrainableOp {
    /// A copy forward and an adding backward over the element count.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        passThroughTrainingPlan(count: output.elementCount)
    }
}
