import Strata
import StrataReference
import Testing

/// The linear layer's training pass: forward against `Reference.linear`, gradients against
/// central finite differences of `L = Σ r ⊙ linear(x, W, b)` evaluated in Double on it.
@Suite struct LinearTrainingTests {
    static let seed: UInt64 = 20_261_131
    /// float32 GEMMs over at most 40 products per element are good to about 1e-6 of the
    /// largest gradient; the Double differences are exact to about 1e-9 (the loss is
    /// linear in each element). 1e-3 of the largest magnitude leaves room for float32
    /// rounding while a missing or misplaced product is 1e-2 or more of it.
    static let gradientTolerance = 1e-3

    @Test func gradientsMatchFiniteDifferences() throws {
        var rng = SeededGenerator(seed: Self.seed)
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        // Random sizes, plus one large enough to be split over two workers.
        var shapes = (0..<10).map { _ in (batch: pick(1...4), inFeatures: pick(1...7), outFeatures: pick(1...6)) }
        shapes.append((batch: 8, inFeatures: 40, outFeatures: 300))
        for (index, s) in shapes.enumerated() {
            let workers = index % 2 + 1
            let hasBias = index % 3 != 2
            let label = "seed \(Self.seed) case \(index) batch \(s.batch) in \(s.inFeatures) out \(s.outFeatures) bias \(hasBias) workers \(workers)"
            let x = try Tensor.uniform([s.batch, s.inFeatures], low: -1, high: 1, using: &rng)
            let w = try Tensor.uniform([s.outFeatures, s.inFeatures], low: -1, high: 1, using: &rng)
            let b = hasBias ? try Tensor.uniform([s.outFeatures], low: -1, high: 1, using: &rng) : nil
            let r = try Tensor.uniform([s.batch * s.outFeatures], low: -1, high: 1, using: &rng).scalars
            let fill: Float = -0.5
            let run = try runTraining(LinearOp(weight: w, bias: b), input: x, outputGradient: { _ in r },
                                      inputGradientFill: fill, workers: workers)

            let (xd, wd, bd, rd) = (x.scalars.map(Double.init), w.scalars.map(Double.init), b?.scalars.map(Double.init), r.map(Double.init))
            func forward(_ x: [Double], _ w: [Double], _ b: [Double]?) -> [Double] {
                Reference.linear(input: x, weight: w, bias: b, batch: s.batch, inFeatures: s.inFeatures, outFeatures: s.outFeatures)
            }
            func loss(_ x: [Double], _ w: [Double], _ b: [Double]?) -> Double {
                zip(forward(x, w, b), rd).reduce(0) { $0 + $1.0 * $1.1 }
            }
            #expect(relativeGradientError(run.output, forward(xd, wd, bd)) <= 1e-5, "forward, \(label)")
            // The large case is checked on 64 sampled elements of each gradient (every
            // element would take minutes in a debug build).
            func sample(_ count: Int) -> [Int] {
                count <= 64 ? Array(0..<count) : (0..<64).map { _ in Int.random(in: 0..<count, using: &rng) }
            }
            let (xi, wi) = (sample(xd.count), sample(wd.count))
            // Input gradients accumulate onto the buffer's `fill`.
            let dx = finiteDifferences(xd, at: xi) { loss($0, wd, bd) }.map { $0 + Double(fill) }
            #expect(relativeGradientError(xi.map { run.inputGradient[$0] }, dx) <= Self.gradientTolerance, "dX, \(label)")
            let dw = finiteDifferences(wd, at: wi) { loss(xd, $0, bd) }
            #expect(relativeGradientError(wi.map { run.parameterGradients[0][$0] }, dw) <= Self.gradientTolerance, "dW, \(label)")
            if let bd {
                let db = finiteDifferences(bd) { loss(xd, wd, $0) }
                #expect(relativeGradientError(run.parameterGradients[1], db) <= Self.gradientTolerance, "db, \(label)")
            }
        }
    }

    @Test func fusedActivationThrows() throws {
        let op = LinearOp(weight: try Tensor(shape: [3, 4]), bias: nil, activation: .relu)
        expectStrataError(.invalidArgument, mentioning: ["fused", "unfused"]) {
            _ = try op.trainingPlan(inputs: [[2, 4]], output: [2, 3], workers: 1)
        }
    }
}
