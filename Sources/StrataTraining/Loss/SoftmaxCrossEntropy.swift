import Foundation

/// Softmax and cross-entropy fused, as `torch.nn.CrossEntropyLoss` (mean reduction) on logits.
///
/// For logits `z` of shape `[batch, classes]` (row-major) and integer labels `t`:
///
///     loss = (1/B) · Σ_b ( logsumexp(z_b) − z_b[t_b] )
///     dLoss/dz_b = (softmax(z_b) − onehot(t_b)) / B
///
/// Stable for any finite logits: each row is shifted by its maximum before `exp`, and the
/// log-sum-exp is accumulated in Double. Fusing the two avoids the `log(softmax)` of a
/// separate Softmax node, which underflows to `-inf` for confident wrong answers.
public enum SoftmaxCrossEntropy {
    /// What one batch scored.
    public struct Result: Sendable, Equatable {
        /// Mean cross-entropy over the batch, in nats.
        public var loss: Double
        /// Rows whose arg-max logit (first of ties) is the label.
        public var correct: Int
    }

    /// Computes the loss and writes `dLoss/dLogits` into `gradient` (overwritten, same layout).
    /// - Parameters:
    ///   - logits: `[batch, classes]`.
    ///   - labels: `batch` class indices, each in `0..<classes` (checked by the caller: the
    ///     dataset validates labels against its class count).
    ///   - classes: the number of classes, the logits' row length (at least 1).
    ///   - gradient: room for `batch · classes` floats, or nil to score only.
    public static func evaluate(
        logits: UnsafePointer<Float>, labels: UnsafeBufferPointer<Int>, classes: Int,
        gradient: UnsafeMutablePointer<Float>?
    ) -> Result {
        let batch = labels.count
        var total = 0.0
        var correct = 0
        for b in 0..<batch {
            let row = logits + b * classes
            let label = labels[b]
            var best = 0
            for c in 1..<max(classes, 1) where row[c] > row[best] { best = c }
            if best == label { correct += 1 }
            let shift = Double(row[best])
            var sum = 0.0
            for c in 0..<classes { sum += Foundation.exp(Double(row[c]) - shift) }
            total += Foundation.log(sum) + shift - Double(row[label])
            if let gradient {
                let out = gradient + b * classes
                let scale = 1 / (sum * Double(batch))
                for c in 0..<classes {
                    let p = Foundation.exp(Double(row[c]) - shift) * scale
                    out[c] = Float(c == label ? p - 1 / Double(batch) : p)
                }
            }
        }
        return Result(loss: batch == 0 ? 0 : total / Double(batch), correct: correct)
    }
}
