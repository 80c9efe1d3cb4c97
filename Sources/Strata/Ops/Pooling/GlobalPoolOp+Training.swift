/// Global average and max pooling backward: the average spreads `dy / (H·W)` over its
/// plane; the max sends `dy` to the plane's first maximum (its flat index remembered by the
/// training forward as `Int32` bits in `saved`, one per plane; a NaN wins, as in the forward).
extension GlobalPoolOp: TrainableOp {
    /// Plans the global pooling forward (remembering the argmax for max) and its backward.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let (kind, x) = (kind, inputs[0])
        let (planes, planeSize) = (x[0] * x[1], x[2] * x[3])
        let shares = min(max(workers, 1), max(planes, 1))
        switch kind {
        case .average:
            return ClosureTrainingPlan(
                forward: { pass in
                    globalPool2d(kind, input: pass.inputs[0], batchChannels: planes, planeSize: planeSize,
                                 output: pass.output, workers: workers)
                },
                backward: { pass in
                    guard let dx = pass.inputGradients[0] else { return }
                    let dy = pass.outputGradient
                    parallelFor(shares, workers: workers) { share in
                        let (p0, p1) = evenSplit(planes, parts: shares, part: share)
                        for p in p0..<p1 {
                            let g = dy[p] / Float(planeSize)
                            let plane = dx + p * planeSize
                            for i in 0..<planeSize { plane[i] += g }
                        }
                    }
                })
        case .max:
            return ClosureTrainingPlan(
                savedCount: planes,
                forward: { pass in
                    guard pass.mode == .train, let saved = pass.saved else {
                        globalPool2d(kind, input: pass.inputs[0], batchChannels: planes, planeSize: planeSize,
                                     output: pass.output, workers: workers)
                        return
                    }
                    let x = pass.inputs[0]
                    for p in 0..<planes {
                        let plane = x + p * planeSize
                        var index = 0
                        // Strictly greater: the first of equal maxima; the first NaN wins.
                        for i in 1..<max(planeSize, 1) where !plane[index].isNaN && (plane[i] > plane[index] || plane[i].isNaN) {
                            index = i
                        }
                        pass.output[p] = plane[index]
                        saved[p] = Float(bitPattern: UInt32(truncatingIfNeeded: Int32(index)))
                    }
                },
                backward: { pass in
                    guard let dx = pass.inputGradients[0], let saved = pass.saved else { return }
                    for p in 0..<planes {
                        dx[p * planeSize + Int(Int32(bitPattern: saved[p].bitPattern))] += pass.outputGradient[p]
                    }
                })
        }
    }
}
