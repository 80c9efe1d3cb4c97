import Foundation
import Strata
import StrataTraining
import Testing

@Suite struct SoftmaxCrossEntropyTests {
    static func evaluate(_ logits: [Float], labels: [Int], classes: Int) -> (SoftmaxCrossEntropy.Result, [Float]) {
        var gradient = [Float](repeating: .nan, count: logits.count)
        let result = logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { t in
                gradient.withUnsafeMutableBufferPointer {
                    SoftmaxCrossEntropy.evaluate(logits: z.baseAddress!, labels: t, classes: classes, gradient: $0.baseAddress!)
                }
            }
        }
        return (result, gradient)
    }

    /// Values worked by hand: row 0 is softmax([1, 2, 3]) = (0.0900306, 0.2447285, 0.6652410)
    /// with label 2, loss log(e + e² + e³) − 3 = 0.4076059; row 1 is uniform with label 0,
    /// loss log 3 = 1.0986123; the mean is 0.7531091 and each gradient row is halved.
    @Test func handComputedBatch() {
        let (result, gradient) = Self.evaluate([1, 2, 3, 0, 0, 0], labels: [2, 0], classes: 3)
        #expect(abs(result.loss - 0.7531091) < 1e-6)
        #expect(result.correct == 2)   // row 0's arg-max is its label; row 1's tie goes to class 0, its label
        let expected: [Float] = [0.0450153, 0.1223642, -0.1673795, -0.3333333, 0.1666667, 0.1666667]
        for (g, e) in zip(gradient, expected) { #expect(abs(g - e) < 1e-6, "\(gradient)") }
    }

    /// A confident wrong answer: the loss is the logit gap, not inf (an unfused
    /// log(softmax) gives log(0)).
    @Test func hugeLogitsStayFinite() {
        let (result, gradient) = Self.evaluate([1000, 0], labels: [1], classes: 2)
        #expect(result.loss == 1000)
        #expect(gradient == [1, -1])
        let (same, _) = Self.evaluate([-3e38, 3e38], labels: [1], classes: 2)
        #expect(same.loss == 0)
    }

    /// Central differences of the loss, written out in Double in the test, against the
    /// fused gradient on random logits (seed printed).
    @Test func gradientMatchesFiniteDifferences() {
        let seed: UInt64 = 20261130
        var rng = SeededGenerator(seed: seed)
        let (batch, classes) = (3, 5)
        let logits = (0..<batch * classes).map { _ in Float(rng.nextUniform(-3, 3)) }
        let labels = (0..<batch).map { _ in Int(rng.next() % UInt64(classes)) }
        let (_, gradient) = Self.evaluate(logits, labels: labels, classes: classes)
        func loss(_ z: [Double]) -> Double {
            (0..<batch).map { b in
                let row = z[(b * classes)..<((b + 1) * classes)]
                return log(row.map { exp($0) }.reduce(0, +)) - z[b * classes + labels[b]]
            }.reduce(0, +) / Double(batch)
        }
        let h = 1e-5
        for i in logits.indices {
            var plus = logits.map(Double.init), minus = plus
            plus[i] += h
            minus[i] -= h
            let numeric = (loss(plus) - loss(minus)) / (2 * h)
            #expect(abs(Double(gradient[i]) - numeric) < 1e-6, "seed \(seed), element \(i)")
        }
    }
}
