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
        for i in 0..<count {
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
