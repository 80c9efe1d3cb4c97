extension LinearOp: TrainableOp {
    /// Plans the training forward and backward pass of `y = x · Wᵀ + b` (PyTorch's
    /// `nn.Linear`): x `[N, in]`, W `[out, in]`, b `[out]`, y `[N, out]`. The backward pass
    /// (`torch.nn.functional.linear`'s gradients) is
    ///
    ///     dW = dYᵀ · x     [out, in]
    ///     db = Σ_n dY[n]   [out]
    ///     dx += dY · W     [N, in]
    ///
    /// each one GEMM over the whole batch (with several workers, split by rows of dW and
    /// of dx, so every element is still one GEMM's). Parameters: `weight`, then `bias`
    /// when the node has one. Nothing is saved: the input is still there in the backward pass.
    /// - Throws: ``StrataError/invalidArgument(_:)`` when an activation is fused (train
    ///   the unfused graph); the shape errors of ``GraphOp/outputShape(for:)``.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        if let activation {
            throw StrataError.invalidArgument(
                "linear layer with a fused \(activation.name) has no backward pass; train the unfused graph "
                    + "(linear, then a separate activation node), as the graph builders make it")
        }
        let planned = try outputShape(for: inputs)
        guard planned == output else {
            throw StrataError.shapeMismatch("linear output planned as \(output); the input \(inputs[0]) gives \(planned)")
        }
        return LinearTrainingPlan(batch: inputs[0][0], inFeatures: weight.shape[1], outFeatures: weight.shape[0],
                                  hasBias: bias != nil, workers: workers)
    }
}

/// ``LinearOp``'s training plan: the inference kernel forward, three products backward.
struct LinearTrainingPlan: TrainingPlan {
    let batch: Int, inFeatures: Int, outFeatures: Int
    let hasBias: Bool
    let workers: Int
    /// Threads the backward GEMMs are split over (one below ``linearGrain`` per share).
    let shares: Int

    init(batch: Int, inFeatures: Int, outFeatures: Int, hasBias: Bool, workers: Int) {
        (self.batch, self.inFeatures, self.outFeatures, self.hasBias) = (batch, inFeatures, outFeatures, hasBias)
        self.workers = max(1, workers)
        shares = max(1, min(self.workers, batch, outFeatures, batch * inFeatures * outFeatures / linearGrain))
    }

    func forward(_ pass: TrainingForward) {
        linear(pass.inputs[0], weight: pass.parameters[0], bias: hasBias ? UnsafePointer(pass.parameters[1]) : nil,
               into: pass.output, batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, workers: workers)
    }

    func backward(_ pass: TrainingBackward) {
        let (x, w, dy) = (pass.inputs[0], UnsafePointer(pass.parameters[0]), pass.outputGradient)
        let (dx, dw) = (pass.inputGradients[0], pass.parameterGradients[0])
        if hasBias, let db = pass.parameterGradients[1] {
            db.update(repeating: 0, count: outFeatures)
            for n in 0..<batch { addRow(dy + n * outFeatures, into: db, count: outFeatures) }
        }
        guard batch > 0 && inFeatures > 0 && outFeatures > 0 else {
            // Empty sums (BLAS rejects the zero leading dimensions): dW = 0, dx unchanged.
            dw?.update(repeating: 0, count: outFeatures * inFeatures)
            return
        }
        parallelFor(shares, workers: shares) { share in
            if let dw {
                let (o0, o1) = evenSplit(outFeatures, parts: shares, part: share)
                BLAS.sgemm(m: o1 - o0, n: inFeatures, k: batch, a: dy + o0, lda: outFeatures, b: x, ldb: inFeatures,
                           beta: 0, c: dw + o0 * inFeatures, ldc: inFeatures, transposeA: true)
            }
            if let dx {
                let (n0, n1) = evenSplit(batch, parts: shares, part: share)
                BLAS.sgemm(m: n1 - n0, n: inFeatures, k: outFeatures, a: dy + n0 * outFeatures, lda: outFeatures,
                           b: w, ldb: inFeatures, beta: 1, c: dx + n0 * inFeatures, ldc: inFeatures)
            }
        }
    }
}
