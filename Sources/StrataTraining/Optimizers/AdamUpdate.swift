import Foundation

/// The update Adam and AdamW share, as `torch.optim.adam._single_tensor_adam` computes it
/// (https://pytorch.org/docs/stable/generated/torch.optim.Adam.html), for one parameter
/// and the optimizer step `step` (1-based):
///
/// ```
/// m = lerp(m, g, 1 − β1)            (m + (1 − β1)·(g − m), PyTorch's CPU lerp for weights < 0.5)
/// v = v·β2 + (1 − β2)·g·g
/// denom = sqrt(v) / sqrt(1 − β2^step) + eps
/// p = p + (−lr / (1 − β1^step)) · m / denom
/// ```
///
/// The bias corrections and step size are Python floats in PyTorch, so they are computed
/// in Double here and rounded to float32 once, as PyTorch's kernels receive them; the
/// per-element arithmetic is float32. `l2` (Adam's weight decay) is added to the gradient
/// first, `g + l2·p`; AdamW's decoupled decay happens before this, in ``AdamW``.
struct AdamUpdate {
    let beta1: Float
    let beta2: Float
    let eps: Float

    /// The float32 scalars of step `step` at learning rate `learningRate`: −lr / (1 − β1^step) and sqrt(1 − β2^step).
    func scalars(step: Int, learningRate: Float) -> (negativeStepSize: Float, biasCorrection2Sqrt: Float) {
        let biasCorrection1 = 1 - pow(Double(beta1), Double(step))
        let biasCorrection2 = 1 - pow(Double(beta2), Double(step))
        return (Float(-Double(learningRate) / biasCorrection1), Float(biasCorrection2.squareRoot()))
    }

    /// Updates `count` elements of `p`, `m` (`exp_avg`) and `v` (`exp_avg_sq`) in place.
    func apply(p: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>,
               v: UnsafeMutablePointer<Float>, count: Int, l2: Float, negativeStepSize: Float,
               biasCorrection2Sqrt: Float) {
        let mWeight = 1 - beta1, vWeight = 1 - beta2
        // Eight lanes at a time with the scalar loop's operations in the same order (no
        // fused multiply-add), so both give the same bits; the pointers may alias as far as
        // the compiler knows, which keeps it from vectorizing the scalar loop itself.
        var i = 0
        while i + 8 <= count {
            let pv = load8(p + i), mv = load8(m + i), vv = load8(v + i)
            let g = l2 != 0 ? load8(grad + i) + l2 * pv : load8(grad + i)
            let mi = mv + mWeight * (g - mv)
            let vi = vv * beta2 + vWeight * g * g
            store8(mi, m + i)
            store8(vi, v + i)
            let denom = vi.squareRoot() / biasCorrection2Sqrt + eps
            store8(pv + negativeStepSize * mi / denom, p + i)
            i += 8
        }
        for i in i..<count {
            let g = l2 != 0 ? grad[i] + l2 * p[i] : grad[i]
            let mi = m[i] + mWeight * (g - m[i])
            let vi = v[i] * beta2 + vWeight * g * g
            m[i] = mi
            v[i] = vi
            let denom = vi.squareRoot() / biasCorrection2Sqrt + eps
            p[i] = p[i] + negativeStepSize * mi / denom
        }
    }
}

@inline(__always) private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func load8(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> { load8(UnsafePointer(p)) }

@inline(__always) private func store8(_ value: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD8<Float>.self)
}
