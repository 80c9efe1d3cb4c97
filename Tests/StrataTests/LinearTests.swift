import Strata
import StrataReference
import Testing

/// The linear layer (`sgemm` with W transposed, bias, fused activation) against the
/// reference on seeded random sizes, both parallel splits, values by hand, shape errors.
@Suite struct LinearTests {
    static let seed: UInt64 = 20_261_204

    struct Case: CustomStringConvertible {
        var batch: Int, inFeatures: Int, outFeatures: Int
        var hasBias: Bool, activation: Activation?, workers: Int
        var description: String {
            "batch \(batch) in \(inFeatures) out \(outFeatures) bias \(hasBias) activation \(activation.name) workers \(workers)"
        }
    }

    /// Runs the case on uniform data in [−1, 1); returns the comparison with the reference.
    static func run(_ c: Case, _ rng: inout SeededGenerator) throws -> TensorComparison {
        let x = randomFloats(c.batch * c.inFeatures, using: &rng)
        let w = randomFloats(c.outFeatures * c.inFeatures, using: &rng)
        let bias = c.hasBias ? randomFloats(c.outFeatures, using: &rng) : nil
        let actual = withPointers([x, w]) { p in
            bias.withOptionalPointer { b in
                kernelOutput(count: c.batch * c.outFeatures) {
                    linear(p[0], weight: p[1], bias: b, into: $0, batch: c.batch, inFeatures: c.inFeatures,
                           outFeatures: c.outFeatures, activation: c.activation, workers: c.workers)
                }
            }
        }
        let expected = c.activation.reference(Reference.linear(
            input: x, weight: w, bias: bias, batch: c.batch, inFeatures: c.inFeatures, outFeatures: c.outFeatures))
        return try compare(actual, expected, shape: [c.batch, c.outFeatures])
    }

    @Test func randomSizesMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<150 {
            let c = Case(
                batch: Int.random(in: 1...6, using: &rng), inFeatures: Int.random(in: 1...70, using: &rng),
                outFeatures: Int.random(in: 1...70, using: &rng), hasBias: index % 4 != 0,
                activation: Bool.random(using: &rng) ? nil : Activation.continuousSamples.randomElement(using: &rng),
                workers: index % 3 + 1)
            let comparison = try Self.run(c, &rng)
            #expect(comparison.relativeError <= opTolerance, "seed \(Self.seed) case \(index) [\(c)]: \(comparison)")
        }
    }

    /// Sizes large enough to split: by output columns (small batch, ResNet's classifier
    /// shape) and by batch rows (batch larger than out features).
    static let splits: [Case] = [
        Case(batch: 1, inFeatures: 512, outFeatures: 1000, hasBias: true, activation: nil, workers: 3),
        Case(batch: 2, inFeatures: 257, outFeatures: 515, hasBias: true, activation: .gelu, workers: 2),
        Case(batch: 3, inFeatures: 300, outFeatures: 77, hasBias: false, activation: .relu, workers: 3),
        Case(batch: 101, inFeatures: 50, outFeatures: 60, hasBias: true, activation: .hardSwish, workers: 3),
        Case(batch: 97, inFeatures: 64, outFeatures: 33, hasBias: false, activation: nil, workers: 2),
    ]

    @Test(arguments: splits.indices)
    func parallelSplitsMatchReference(_ index: Int) throws {
        var rng = SeededGenerator(seed: Self.seed &+ UInt64(index + 1))
        let c = Self.splits[index]
        let comparison = try Self.run(c, &rng)
        #expect(comparison.relativeError <= opTolerance, "seed \(Self.seed &+ UInt64(index + 1)) [\(c)]: \(comparison)")
    }

    @Test func byHand() {
        // x = [1, 2]; W rows [1, 0], [0, 1], [1, 1]; b = [0, 1, −5]:
        // y = [1·1 + 2·0 + 0, 1·0 + 2·1 + 1, 1 + 2 − 5] = [1, 3, −2]; with relu [1, 3, 0].
        for (activation, expected) in [(nil, [1, 3, -2]), (Activation.relu, [1, 3, 0])] as [(Activation?, [Float])] {
            let y = withPointers([[1, 2], [1, 0, 0, 1, 1, 1], [0, 1, -5]]) { p in
                kernelOutput(count: 3) {
                    linear(p[0], weight: p[1], bias: p[2], into: $0, batch: 1, inFeatures: 2, outFeatures: 3,
                           activation: activation, workers: 1)
                }
            }
            #expect(y == expected, "activation \(activation.name)")
        }
    }

    @Test func shapes() throws {
        #expect(try linearShape(input: [4, 512], weight: [1000, 512], bias: [1000]) == [4, 1000])
        #expect(try linearShape(input: [2, 7, 16], weight: [8, 16], bias: nil) == [2, 7, 8])
        #expect(try linearShape(input: [16], weight: [8, 16], bias: nil) == [8])
        expectStrataError(.shapeMismatch, mentioning: ["[4, 500]", "500 features", "[1000, 512]", "expects 512"]) {
            _ = try linearShape(input: [4, 500], weight: [1000, 512], bias: nil)
        }
        expectStrataError(.shapeMismatch, mentioning: ["bias has shape [999]", "expected [1000]"]) {
            _ = try linearShape(input: [4, 512], weight: [1000, 512], bias: [999])
        }
        expectStrataError(.invalidShape, mentioning: ["weight has shape [1000, 512, 1]", "rank 2 [out, in]"]) {
            _ = try linearShape(input: [4, 512], weight: [1000, 512, 1], bias: nil)
        }
    }
}
