import Foundation
import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// Every activation against the Double reference: random runs of odd lengths at odd
/// offsets (so the 8-lane loop and its partial tail both run), a dense grid with an
/// elementwise bound, the parallel entry point, and values worked out by hand.
@Suite struct ActivationTests {
    static let seed: UInt64 = 20_261_201
    /// Elementwise bound for pointwise functions: |actual − expected| <= 1e-6·max(1, |expected|),
    /// about 8 float ulps at 1.
    static let elementBound = 1e-6

    @Test(arguments: Activation.samples)
    func randomRunsMatchReference(_ activation: Activation) throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<40 {
            let count = Int.random(in: 1...300, using: &rng)
            let offset = Int.random(in: 0...7, using: &rng)
            let scale: Float = index % 4 == 0 ? 30 : 6
            let padded = activation.domain(randomFloats(offset + count, low: -scale, high: scale, using: &rng))
            let input = Array(padded[offset...])
            let expected = activation.reference(input)
            let context = "seed \(Self.seed) case \(index) \(activation.name) count \(count) offset \(offset)"

            // In place, starting `offset` floats into the buffer (unaligned for the vector loop).
            var inPlace = padded
            inPlace.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress! + offset, count: count) }
            let inPlaceResult = Array(inPlace[offset...])
            #expect(inPlace[..<offset] == padded[..<offset], "\(context): wrote before the run")
            let comparison = try compare(inPlaceResult, expected, shape: [count])
            #expect(comparison.relativeError <= opTolerance, "\(context): \(comparison)")
            let outlier = firstElementOutside(Self.elementBound, inPlaceResult, expected, inputs: input)
            #expect(outlier == nil, "\(context): \(outlier ?? "")")

            // Out of place gives the same bits.
            let outOfPlace = input.withUnsafeBufferPointer { x in
                kernelOutput(count: count) { activation.apply(x.baseAddress!, into: $0, count: count) }
            }
            #expect(outOfPlace == inPlaceResult, "\(context): out of place differs from in place")
        }
    }

    /// x from −20 to 20 in steps of 1/64, plus huge magnitudes, each within the elementwise bound.
    @Test(arguments: Activation.samples)
    func denseGridIsAccurateEverywhere(_ activation: Activation) {
        let input = (-1280...1280).map { Float($0) / 64 } + [-1e30, -1e4, -100, -88.5, 88.5, 100, 1e4, 1e30]
        let actual = input.withUnsafeBufferPointer { x in
            kernelOutput(count: input.count) { activation.apply(x.baseAddress!, into: $0, count: input.count) }
        }
        let outlier = firstElementOutside(Self.elementBound, actual, activation.reference(input), inputs: input)
        #expect(outlier == nil, "\(activation.name): \(outlier ?? "")")
    }

    /// The threaded entry point splits a long run and must give the same bits as one thread.
    @Test func parallelApplyMatchesSingleThread() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        let count = 100_003
        let drawn = randomFloats(count, low: -8, high: 8, using: &rng)
        for activation in Activation.samples {
            let input = activation.domain(drawn)
            let single = input.withUnsafeBufferPointer { x in
                kernelOutput(count: count) { activation.apply(x.baseAddress!, into: $0, count: count) }
            }
            for workers in [2, 3] {
                let parallel = input.withUnsafeBufferPointer { x in
                    kernelOutput(count: count) { activation.apply(x.baseAddress!, into: $0, count: count, workers: workers) }
                }
                #expect(parallel == single, "seed \(Self.seed + 1) \(activation.name) workers \(workers)")
            }
            let comparison = try compare(single, activation.reference(input), shape: [count])
            #expect(comparison.relativeError <= opTolerance, "seed \(Self.seed + 1) \(activation.name): \(comparison)")
        }
    }

    static func applied(_ activation: Activation, _ input: [Float]) -> [Float] {
        var values = input
        values.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: input.count) }
        return values
    }

    @Test func piecewiseLinearByHand() {
        // relu: negatives to 0. leaky 0.25: −2·0.25 = −0.5. relu6: clipped to [0, 6].
        #expect(Self.applied(.relu, [-2, 0, 3]) == [0, 0, 3])
        #expect(Self.applied(.leakyReLU(alpha: 0.25), [-2, 0, 3]) == [-0.5, 0, 3])
        #expect(Self.applied(.relu6, [-1, 2.5, 7]) == [0, 2.5, 6])
        // PyTorch hardsigmoid: x/6 + 1/2 clipped: −3 → 0, 0 → 0.5, 1.5 → 0.75, 3 → 1.
        #expect(Self.applied(.pytorchHardSigmoid, [-4, -3, 0, 1.5, 3, 4]) == [0, 0, 0.5, 0.75, 1, 1])
        // ONNX default: 0.2·x + 0.5: 1 → 0.7; 2.5 → 1; −2.5 → 0.
        #expect(Self.applied(.hardSigmoid(alpha: 0.2, beta: 0.5), [-2.5, 2.5]) == [0, 1])
        // hardSwish = x·relu6(x + 3)/6: −3 → 0; 3 → 3; 1.5·4.5/6 = 1.125; −1.5·1.5/6 = −0.375.
        #expect(Self.applied(.hardSwish, [-4, -3, -1.5, 0, 1.5, 3, 5]) == [0, 0, -0.375, 0, 1.125, 3, 5])
    }

    @Test func smoothFunctionsByHand() {
        func close(_ actual: [Float], _ expected: [Double]) -> Bool {
            zip(actual, expected).allSatisfy { abs(Double($0) - $1) <= 1e-6 * max(1, abs($1)) }
        }
        let ln3 = Float(log(3.0))
        // sigmoid(0) = 0.5; sigmoid(ln 3) = 1/(1 + 1/3) = 0.75; sigmoid(−ln 3) = 1/(1 + 3) = 0.25.
        #expect(close(Self.applied(.sigmoid, [0, ln3, -ln3]), [0.5, 0.75, 0.25]))
        // tanh(0) = 0; tanh(ln 3) = (3 − 1/3)/(3 + 1/3) = 0.8; odd.
        #expect(close(Self.applied(.tanh, [0, ln3, -ln3]), [0, 0.8, -0.8]))
        // silu(ln 3) = ln 3 · 0.75.
        #expect(close(Self.applied(.silu, [0, ln3]), [0, Double(ln3) * 0.75]))
        // gelu(0) = 0; Φ(1) = 0.8413447460685429 so gelu(1) = 0.8413447; gelu(−1) = −(1 − Φ(1)).
        #expect(close(Self.applied(.gelu, [0, 1, -1]), [0, 0.841_344_746_068_542_9, -0.158_655_253_931_457_05]))
        // geluTanh(1) = 0.5·(1 + tanh(√(2/π)·1.044715)) = 0.8411919906082768.
        #expect(close(Self.applied(.geluTanh, [0, 1]), [0, 0.841_191_990_608_276_8]))
        // Saturation: sigmoid(±100) = 1 and ~0, gelu(10) = 10, gelu(−10) ≈ −7.6e−23.
        #expect(close(Self.applied(.sigmoid, [100, -100]), [1, 0]))
        #expect(close(Self.applied(.gelu, [10, -10]), [10, 0]))
    }

    /// Softsign x/(1 + |x|): 1 → 1/2, −3 → −3/4, 7 → 7/8, 0.25 → 0.2 (all exact but the
    /// last, within an ulp); ±0 keep their sign, ±∞ give ±1, NaN stays NaN. The kernel and
    /// the reference table agree on all of it.
    @Test func softsignByHand() throws {
        let input: [Float] = [1, -3, 7, 0.25, 0, -0.0, .infinity, -.infinity, .nan, 1e-30]
        let expected: [Float] = [0.5, -0.75, 0.875, 0.2, 0, -0.0, 1, -1, .nan, 1e-30]
        for (name, actual) in [("kernel", Self.applied(.softsign, input)),
                               ("reference", try Activation.softsign.referenceValues(input))] {
            for i in input.indices {
                let (a, e) = (actual[i], expected[i])
                let matches = e.isNaN ? a.isNaN : (a.bitPattern == e.bitPattern || abs(a - e) <= e.ulp)
                #expect(matches && a.sign == e.sign, "\(name): softsign(\(input[i])) = \(a), expected \(e)")
            }
        }
        #expect(Activation.softsign.name == "softsign")
        let comparison = try compare(Self.applied(.softsign, input.prefix(4).map { $0 }), Activation.softsign.reference(Array(input.prefix(4))), shape: [4])
        #expect(comparison.relativeError <= opTolerance, "\(comparison)")
    }

    @Test(arguments: Activation.samples.filter(\.propagatesNaN))
    func nanStaysNaN(_ activation: Activation) {
        #expect(Self.applied(activation, [.nan, 1, .nan])[0].isNaN, "\(activation.name)")
        #expect(Self.applied(activation, [.nan, 1, .nan])[2].isNaN, "\(activation.name)")
    }

    @Test func names() {
        #expect(Activation.relu6.name == "relu6")
        #expect(Activation.clip(min: -1, max: 1).name == "clip(-1.0, 1.0)")
        #expect(Activation.leakyReLU(alpha: 0.5).name == "leakyReLU(0.5)")
        #expect(Activation.pytorchHardSigmoid == .hardSigmoid(alpha: 1.0 / 6, beta: 0.5))
        #expect(Set(Activation.samples.map(\.name)).count == Activation.samples.count)
    }
}
