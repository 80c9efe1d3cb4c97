/// Backward of the arithmetic binary ops with numpy broadcasting, as PyTorch's autograd
/// (`derivatives.yaml`): Add `da += dy`, `db += dy`; Sub `da += dy`, `db −= dy`; Mul
/// `da += dy·b`, `db += dy·a`; Div `da += dy/b`, `db −= dy·a/b²`. A broadcast operand
/// (a per-channel `[1, C, 1, 1]` scale, a bias) receives the sum of the gradients of every
/// output element it was broadcast to. The other kinds (PRelu, Pow, Min, Max, comparisons,
/// logic) have no training plan yet.
extension BinaryOp: TrainableOp {
    /// Plans the binary forward (the inference kernel) and its backward.
    /// - Throws: ``StrataError/invalidArgument(_:)`` for a kind other than Add, Sub, Mul, Div.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let kind = kind
        guard [.add, .sub, .mul, .div].contains(kind) else {
            throw StrataError.invalidArgument(
                "binary op \(kind.rawValue) has no backward pass; trainable binary ops are Add, Sub, Mul and Div")
        }
        let loops = BroadcastLoops(inputs[0], inputs[1])
        let count = output.elementCount
        let sameShape = inputs[0] == inputs[1]
        return ClosureTrainingPlan(
            forward: { pass in kind.apply(pass.inputs[0], pass.inputs[1], pass.output, loops: loops, workers: workers) },
            backward: { pass in
                let (a, b, dy) = (pass.inputs[0], pass.inputs[1], pass.outputGradient)
                let (da, db) = (pass.inputGradients[0], pass.inputGradients[1])
                if sameShape && (kind == .add || kind == .sub) {
                    // The residual connection's case: plain vector adds.
                    if let da { addGradient(dy, into: da, count: count) }
                    if let db {
                        if kind == .add { addGradient(dy, into: db, count: count) } else { for i in 0..<count { db[i] -= dy[i] } }
                    }
                    return
                }
                // One walk over the output; a broadcast operand's offset stays put along the loops it is broadcast on.
                forEachBroadcastOffset(loops) { i, ai, bi in
                    let g = dy[i]
                    switch kind {
                    case .add:
                        da?[ai] += g
                        db?[bi] += g
                    case .sub:
                        da?[ai] += g
                        db?[bi] -= g
                    case .mul:
                        da?[ai] += g * b[bi]
                        db?[bi] += g * a[ai]
                    default:   // .div
                        da?[ai] += g / b[bi]
                        db?[bi] -= g * a[ai] / (b[bi] * b[bi])
                    }
                }
            })
    }
}

/// Calls `body(output offset, a offset, b offset)` for every output element in row-major order.
@inline(__always)
func forEachBroadcastOffset(_ loops: BroadcastLoops, _ body: (Int, Int, Int) -> Void) {
    var index = SIMD8<Int>(repeating: 0)
    var (ai, bi) = (0, 0)
    for i in 0..<loops.elementCount {
        body(i, ai, bi)
        var l = 0
        while l < loops.count {
            index[l] += 1
            ai += loops.aStrides[l]
            bi += loops.bStrides[l]
            if index[l] < loops.sizes[l] { break }
            ai -= loops.aStrides[l] * loops.sizes[l]
            bi -= loops.bStrides[l] * loops.sizes[l]
            index[l] = 0
            l += 1
        }
    }
}
