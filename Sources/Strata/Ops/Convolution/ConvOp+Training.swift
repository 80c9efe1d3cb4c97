extension ConvOp: TrainableOp {
    /// Plans the training forward pass (im2col of every image kept for the weight gradient,
    /// then one GEMM per image and group) and the backward pass, per image `n` and group `g`
    /// (PyTorch's `conv2d` gradients, as GEMMs with the im2col matrix):
    ///
    ///     dW[g] = Σ_n dY[n, g] · col[n, g]ᵀ
    ///     db    = Σ_n Σ_pixels dY[n]
    ///     dx[n, g] += col2im(W[g]ᵀ · dY[n, g])
    ///
    /// Images are split over `workers`; their weight-gradient partial sums are added in a
    /// fixed order, so one thread count always gives the same bits.
    ///
    /// Parameters in ``GraphOp/parameters`` order: `weight` `[OC, IC/groups, KH, KW]`, then
    /// `bias` `[OC]` when the node has one.
    /// - Throws: ``StrataError/invalidArgument(_:)`` when an activation is fused into the
    ///   convolution (train the unfused graph: the builders never fuse); the shape errors of
    ///   ``Conv2dPlan`` for an input that does not fit the configuration.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        if let activation {
            throw StrataError.invalidArgument(
                "convolution with a fused \(activation.name) has no backward pass; train the unfused graph "
                    + "(convolution, then a separate activation node), as the graph builders make it")
        }
        try expectInputCount(inputs, 1)
        let plan = try Conv2dPlan(configuration: configuration, inputShape: inputs[0], workers: 1, algorithm: .im2colGemm)
        guard plan.outputShape == output else {
            throw StrataError.shapeMismatch("convolution output planned as \(output); the input \(inputs[0]) gives \(plan.outputShape)")
        }
        return try ConvTrainingPlan(configuration: configuration, geometry: plan.geometry, batch: inputs[0][0],
                                    hasBias: bias != nil, workers: workers)
    }
}
