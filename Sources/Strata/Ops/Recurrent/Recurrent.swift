/// The LSTM and GRU recurrences of ONNX (see ``RecurrentConfiguration``), forward, reverse
/// or both, with per-item sequence lengths. Per direction the input projection of the
/// whole sequence is one GEMM (`X · Wᵀ + Wb`); each step is one GEMM of the batch's hidden
/// state (`H · Rᵀ + Rb`, plus the GRU reset product when `linear_before_reset` is 0) and the
/// gate arithmetic, per the spec's equations.
///
/// Output: one buffer holding Y, then Y_h, then (LSTM) Y_c, each in the configuration's
/// layout; steps past an item's sequence length are 0 in Y.
struct RecurrentPlanData: Sendable {
    let configuration: RecurrentConfiguration
    let sequence: Int, batch: Int
    var hidden: Int { configuration.hiddenSize }
    var gateWidth: Int { configuration.gates * configuration.hiddenSize }
    var yCount: Int { sequence * configuration.directions * batch * hidden }
    var stateCount: Int { configuration.directions * batch * hidden }
    var outputCount: Int { yCount + stateCount * (configuration.cell == .lstm ? 2 : 1) }
    /// proj [seq·batch, G·H], rec [batch, G·H], h, c, and two GRU scratch rows [batch, H].
    var workspaceCount: Int { sequence * batch * gateWidth + batch * gateWidth + 4 * batch * hidden }

    init(_ configuration: RecurrentConfiguration, input: Shape) throws {
        self.configuration = configuration
        (sequence, batch) = try configuration.sequenceAndBatch(input)
    }

    func xRow(_ t: Int, _ b: Int) -> Int { configuration.layout == 0 ? t * batch + b : b * sequence + t }
    func yOffset(_ t: Int, _ d: Int, _ b: Int) -> Int {
        let dirs = configuration.directions
        return (configuration.layout == 0 ? (t * dirs + d) * batch + b : (b * sequence + t) * dirs + d) * hidden
    }
    func stateOffset(_ d: Int, _ b: Int) -> Int {
        (configuration.layout == 0 ? d * batch + b : b * configuration.directions + d) * hidden
    }
}

func runRecurrent(
    _ plan: RecurrentPlanData, x: UnsafePointer<Float>, initialHidden: UnsafePointer<Float>?,
    initialCell: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>
) {
    plan.configuration.weight.withUnsafeBufferPointer { weight in
        plan.configuration.recurrence.withUnsafeBufferPointer { recurrence in
            runRecurrent(plan, x: x, initialHidden: initialHidden, initialCell: initialCell, output: output,
                         workspace: workspace, weight: weight.baseAddress!, recurrence: recurrence.baseAddress!)
        }
    }
}

private func runRecurrent(
    _ plan: RecurrentPlanData, x: UnsafePointer<Float>, initialHidden: UnsafePointer<Float>?,
    initialCell: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>,
    weight: UnsafePointer<Float>, recurrence: UnsafePointer<Float>
) {
    let c = plan.configuration
    let (H, GH, batch, sequence) = (plan.hidden, plan.gateWidth, plan.batch, plan.sequence)
    let projection = workspace, recurrent = workspace + sequence * batch * GH
    let h = recurrent + batch * GH, cell = h + batch * H, reset = cell + batch * H, resetProduct = reset + batch * H
    output.update(repeating: 0, count: plan.outputCount)
    let lengths = c.sequenceLengths ?? [Int](repeating: sequence, count: batch)
    for d in 0..<c.directions {
        let reverse = c.direction == .reverse || d == 1
        let w = weight + d * GH * c.inputSize
        let r = recurrence + d * GH * H
        let wb = d * 2 * GH, rb = wb + GH
        let act = Array(c.activations[(d * (c.cell == .lstm ? 3 : 2))...])
        // The whole sequence's input projection: rows in X's own order.
        if sequence * batch > 0 && c.inputSize > 0 {
            BLAS.sgemm(m: sequence * batch, n: GH, k: c.inputSize, a: x, lda: c.inputSize, b: w, ldb: c.inputSize,
                       c: projection, ldc: GH, transposeB: true)
        } else {
            projection.update(repeating: 0, count: sequence * batch * GH)
        }
        for row in 0..<(sequence * batch) {
            for g in 0..<GH { projection[row * GH + g] += c.bias[wb + g] }
        }
        for b in 0..<batch {
            for j in 0..<H {
                h[b * H + j] = initialHidden.map { $0[plan.stateOffset(d, b) + j] } ?? 0
                cell[b * H + j] = initialCell.map { $0[plan.stateOffset(d, b) + j] } ?? 0
            }
        }
        @inline(__always) func clipped(_ v: Float) -> Float { c.clip.map { min(max(v, -$0), $0) } ?? v }
        for step in 0..<sequence {
            BLAS.sgemm(m: batch, n: GH, k: H, a: h, lda: H, b: r, ldb: H, c: recurrent, ldc: GH, transposeB: true)
            for b in 0..<batch { for g in 0..<GH { recurrent[b * GH + g] += c.bias[rb + g] } }
            if c.cell == .gru && !c.linearBeforeReset {
                // (r ⊙ H) · Rhᵀ: the reset gate applied before the recurrent product.
                for b in 0..<batch where step < lengths[b] {
                    let t = reverse ? lengths[b] - 1 - step : step
                    let p = projection + plan.xRow(t, b) * GH
                    for j in 0..<H {
                        let gate = act[0](clipped(p[H + j] + recurrent[b * GH + H + j]))
                        reset[b * H + j] = gate * h[b * H + j]
                    }
                }
                BLAS.sgemm(m: batch, n: H, k: H, a: reset, lda: H, b: r + 2 * H * H, ldb: H, c: resetProduct, ldc: H, transposeB: true)
            }
            for b in 0..<batch where step < lengths[b] {
                let t = reverse ? lengths[b] - 1 - step : step
                let p = projection + plan.xRow(t, b) * GH, q = recurrent + b * GH
                let y = output + plan.yOffset(t, d, b)
                for j in 0..<H {
                    let k = b * H + j
                    switch c.cell {
                    case .lstm:
                        // Gates i, o, f, c; peepholes i, o, f.
                        let pi = c.peepholes[d * 3 * H + j], po = c.peepholes[d * 3 * H + H + j], pf = c.peepholes[d * 3 * H + 2 * H + j]
                        let i = act[0](clipped(p[j] + q[j] + pi * cell[k]))
                        let f = c.inputForget ? 1 - i : act[0](clipped(p[2 * H + j] + q[2 * H + j] + pf * cell[k]))
                        let candidate = act[1](clipped(p[3 * H + j] + q[3 * H + j]))
                        cell[k] = f * cell[k] + i * candidate
                        let o = act[0](clipped(p[H + j] + q[H + j] + po * cell[k]))
                        h[k] = o * act[2](cell[k])
                    case .gru:
                        // Gates z, r, h.
                        let z = act[0](clipped(p[j] + q[j]))
                        let candidateInput: Float
                        if c.linearBeforeReset {
                            let gate = act[0](clipped(p[H + j] + q[H + j]))
                            candidateInput = p[2 * H + j] + gate * q[2 * H + j]
                        } else {
                            candidateInput = p[2 * H + j] + resetProduct[k] + c.bias[rb + 2 * H + j]
                        }
                        let candidate = act[1](clipped(candidateInput))
                        h[k] = (1 - z) * candidate + z * h[k]
                    }
                    y[j] = h[k]
                }
            }
        }
        for b in 0..<batch {
            (output + plan.yCount + plan.stateOffset(d, b)).update(from: h + b * H, count: H)
            if c.cell == .lstm {
                (output + plan.yCount + plan.stateCount + plan.stateOffset(d, b)).update(from: cell + b * H, count: H)
            }
        }
    }
}
