import Foundation
import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// LRN against the Double reference on seeded random shapes and attributes (odd and even
/// sizes, windows wider than C, ranks 2-5, workers 1 and 2), by hand, and at the edges.
@Suite struct LRNTests {
    static let seed: UInt64 = 20_261_129

    static func run(_ x: [Float], _ shape: [Int], _ configuration: LRNConfiguration, workers: Int) -> [Float] {
        x.withUnsafeBufferPointer { input in
            kernelOutput(count: x.count) {
                localResponseNorm(input.baseAddress!, into: $0, shape: try! Shape(shape), configuration: configuration, workers: workers)
            }
        }
    }

    static func reference(_ x: [Float], _ shape: [Int], _ c: LRNConfiguration) -> [Float] {
        Reference.lrn(x, shape: shape, size: c.size, alpha: c.alpha, beta: c.beta, bias: c.bias)
    }

    @Test func matchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<120 {
            let rank = Int.random(in: 2...5, using: &rng)
            let shape = index == 0 ? [2, 96, 27, 29] : [Int.random(in: 1...3, using: &rng), Int.random(in: 1...13, using: &rng)]
                + randomDimensions(Array(repeating: 1...9, count: rank - 2), using: &rng)
            let configuration = try LRNConfiguration(
                size: Int.random(in: 1...8, using: &rng), alpha: [1e-4, 0.01, 0.5, 2][index % 4],
                beta: [0.75, 0.5, 0.6, 1, 0.75, 0][index % 6], bias: [1, 2, 0.5][index % 3])
            let x = randomFloats(shape.reduce(1, *), low: -3, high: 3, using: &rng)
            let workers = index % 2 + 1
            let comparison = try compare(Self.run(x, shape, configuration, workers: workers), Self.reference(x, shape, configuration), shape: shape)
            #expect(comparison.relativeError <= opTolerance, "seed \(Self.seed) case \(index) \(shape) \(configuration) workers \(workers): \(comparison)")
        }
    }

    /// The window [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉]: size 2 sums channels c and c + 1,
    /// size 4 channels c − 1 ... c + 2. alpha = size and beta = 1, bias 0 make
    /// y = x / Σ x², all exact in binary: x = [1, 2, 4] gives sums [5, 20, 16] (size 2) and
    /// [21, 21, 20] (size 4).
    @Test func windowByHand() throws {
        let x: [Float] = [1, 2, 4]
        let two = try LRNConfiguration(size: 2, alpha: 2, beta: 1, bias: 0)
        let four = try LRNConfiguration(size: 4, alpha: 4, beta: 1, bias: 0)
        let expectedTwo: [Float] = [1.0 / 5, 2.0 / 20, 4.0 / 16]
        let expectedFour: [Float] = [1.0 / 21, 2.0 / 21, 4.0 / 20]
        let (kernelTwo, kernelFour) = (Self.run(x, [1, 3], two, workers: 1), Self.run(x, [1, 3], four, workers: 1))
        let (referenceTwo, referenceFour) = (Self.reference(x, [1, 3], two), Self.reference(x, [1, 3], four))
        #expect(kernelTwo == expectedTwo)
        #expect(kernelFour == expectedFour)
        #expect(referenceTwo == expectedTwo)
        #expect(referenceFour == expectedFour)
        // AlexNet's parameters on one pixel of 3 channels: (1 + 1e-4/5 · Σ)^0.75.
        let alexnet = try LRNConfiguration(size: 5, alpha: 1e-4, beta: 0.75, bias: 1)
        let expected = x.map { $0 / Float(Foundation.pow(1 + 1e-4 / 5 * 21.0, 0.75)) }
        let actual = Self.run(x, [1, 3, 1, 1], alexnet, workers: 1)
        for i in 0..<3 { #expect(abs(actual[i] - expected[i]) <= 2 * expected[i].ulp) }
    }

    /// The specials vector along the channel axis (one pixel, 19 channels), for several
    /// betas: NaN poisons its windows, ±∞ gives the limit (±0 for beta 0.75, ±1/√k at 0.5,
    /// ±∞ at 0.25), its neighbours ±0; huge finite values (x² overflows Float) and
    /// subnormals are computed in Double. The kernel matches the reference everywhere.
    @Test(arguments: [Float(0.75), 0.5, 0.25, 1])
    func specialsMatchReference(beta: Float) throws {
        let specials = ActivationEdgeTests.specials
        for (size, bias) in [(1, Float(1)), (3, 1), (5, 0)] {
            let configuration = try LRNConfiguration(size: size, alpha: 0.5, beta: beta, bias: bias)
            for order in [specials, specials.reversed()] {
                let actual = Self.run(order, [1, order.count, 1], configuration, workers: 1)
                let expected = Self.reference(order, [1, order.count, 1], configuration)
                for i in order.indices {
                    if let problem = ActivationEdgeTests.mismatch(actual[i], expected[i], ulps: 4) {
                        Issue.record("LRN \(configuration) channel \(i) (x = \(order[i])) = \(actual[i]): \(problem)")
                    }
                }
            }
        }
    }

    /// size 1, alpha 1 (k = 1), bias 1: y = x / (1 + x²)^beta, each value its own window.
    /// At ±∞ the limit (±0, ±1, ±∞ for beta 0.75, 0.5, 0.25); for 1e30 and −FLT_MAX (whose
    /// squares overflow Float) the value computed in Double.
    @Test func limitsByHand() throws {
        let m = Double(Float.greatestFiniteMagnitude)
        let x: [Float] = [.infinity, -.infinity, 1e30, -Float.greatestFiniteMagnitude]
        let cases: [(Float, [Float])] = [
            (0.75, [0, -0.0, Float(1e30 / Foundation.pow(1e60, 0.75)), Float(-Foundation.pow(m, -0.5))]),
            (0.5, [1, -1, 1, -1]),
            (0.25, [.infinity, -.infinity, Float(1e30 / Foundation.pow(1e60, 0.25)), Float(-Foundation.pow(m, 0.5))]),
        ]
        for (beta, expected) in cases {
            let configuration = try LRNConfiguration(size: 1, alpha: 1, beta: beta, bias: 1)
            let kernel = Self.run(x, [1, 4], configuration, workers: 1)   // [N, C]: 4 channels, window of 1
            let reference = Self.reference(x, [1, 4], configuration)
            for i in x.indices {
                for (who, value) in [("kernel", kernel[i]), ("reference", reference[i])] {
                    if let problem = ActivationEdgeTests.mismatch(value, expected[i], ulps: 2) {
                        Issue.record("LRN beta \(beta) \(who) at \(x[i]) = \(value): \(problem)")
                    }
                }
            }
        }
    }

    @Test func emptyAndErrors() throws {
        let configuration = try LRNConfiguration(size: 5)
        #expect(Self.run([], [0, 3, 4, 4], configuration, workers: 2) == [])
        #expect(throws: StrataError.self) { try LRNConfiguration(size: 0) }
        #expect(throws: StrataError.self) { try LRNConfiguration(size: 3, alpha: .nan) }
        #expect(throws: StrataError.self) { try LRNOp(configuration).outputShape(for: [[5]]) }
        let (runner, compiled) = try runThroughGraphs(LRNOp(configuration), [Tensor(shape: [1, 0, 3, 3])], workers: 2)
        #expect(runner.shape == [1, 0, 3, 3] && compiled.shape == [1, 0, 3, 3])
    }

    /// The graph op through both runners against the reference table, 1 and 2 workers.
    @Test(arguments: [1, 2])
    func opThroughGraphs(workers: Int) throws {
        var rng = SeededGenerator(seed: Self.seed + UInt64(workers))
        let op = LRNOp(try LRNConfiguration(size: 5, alpha: 1e-3, beta: 0.75, bias: 2))
        let x = try Tensor.uniform([2, 11, 13, 7], low: -4, high: 4, using: &rng)
        let expected = try referenceOutput(of: op, inputs: [x])
        let (runner, compiled) = try runThroughGraphs(op, [x], workers: workers)
        #expect(try runner.compared(with: expected).relativeError <= opTolerance)
        #expect(try compiled.compared(with: expected).relativeError <= opTolerance)
    }
}
