@testable import Strata
import StrataDiagnostics
import Testing

/// Lp pooling and global Lp pooling against the reference, with hand values and the
/// specials (scaled sums keep huge and subnormal values exact).
@Suite struct LpPoolTests {
    @Test func randomWindowsMatchTheReference() throws {
        let seed: UInt64 = 4_101
        var rng = SeededGenerator(seed: seed)
        for trial in 0..<150 {
            let kernel = Size2D(Int.random(in: 1...4, using: &rng), Int.random(in: 1...4, using: &rng))
            let padding: Padding = [.valid, .same, .sameLower, .explicit(Padding2D(
                top: Int.random(in: 0...2, using: &rng), left: Int.random(in: 0...2, using: &rng),
                bottom: Int.random(in: 0...2, using: &rng), right: Int.random(in: 0...2, using: &rng)))].randomElement(using: &rng)!
            let configuration = LpPoolConfiguration(
                p: [1, 2, 3, 4.5].randomElement(using: &rng)!, kernel: kernel,
                stride: Size2D(Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng)), padding: padding,
                dilation: Size2D(Int.random(in: 1...2, using: &rng), Int.random(in: 1...2, using: &rng)), ceilMode: Bool.random(using: &rng))
            let shape = [Int.random(in: 1...2, using: &rng), Int.random(in: 1...3, using: &rng),
                         Int.random(in: 1...9, using: &rng), Int.random(in: 1...10, using: &rng)]
            guard (try? configuration.outputShape(input: Shape(shape))) != nil else { continue }
            let op = LpPoolOp(configuration)
            let x = try Tensor.uniform(shape, low: -2, high: 2, using: &rng)
            let expected = try referenceOutput(of: op, inputs: [x])
            for workers in [1, 2] {
                let (runner, compiled) = try runThroughGraphs(op, [x], workers: workers)
                for y in [runner, compiled] {
                    let label = "seed \(seed) trial \(trial): \(configuration) on \(shape) workers \(workers)"
                    #expect(y.shape == expected.shape, "\(label)")
                    if y.shape == expected.shape { #expect(try y.compared(with: expected).relativeError <= opTolerance, "\(label)") }
                }
            }
        }
    }

    @Test func globalLpPoolMatchesTheReference() throws {
        let seed: UInt64 = 4_102
        var rng = SeededGenerator(seed: seed)
        for p: Float in [1, 2, 3] {
            for shape in [[2, 3, 5, 7], [1, 4, 1, 1], [3, 1, 64, 65]] {
                let op = GlobalLpPoolOp(p: p)
                let x = try Tensor.uniform(shape, low: -3, high: 3, using: &rng)
                let expected = try referenceOutput(of: op, inputs: [x])
                for workers in [1, 2] {
                    let y = try runThroughGraphs(op, [x], workers: workers).compiled
                    #expect(try y.compared(with: expected).relativeError <= opTolerance, "seed \(seed) p \(p) \(shape) workers \(workers)")
                }
            }
        }
    }

    /// [3, 4] with p = 2 is 5; [1, -2, 2] with p = 1 is 5, with p = 3 is 17^(1/3); a window
    /// with a padding tap only adds nothing.
    @Test func handComputedValues() throws {
        let two = try GraphRunnerHarness.run(GlobalLpPoolOp(p: 2), try Tensor(shape: [1, 1, 1, 2], values: [3, -4]), workers: 1)
        #expect(two.scalars == [5])
        let x = try Tensor(shape: [1, 1, 1, 3], values: [1, -2, 2])
        #expect(try GraphRunnerHarness.run(GlobalLpPoolOp(p: 1), x, workers: 1).scalars == [5])
        let three = try GraphRunnerHarness.run(GlobalLpPoolOp(p: 3), x, workers: 1).scalars[0]
        #expect(abs(three - 2.5712816) <= 1e-6)
        let padded = LpPoolOp(LpPoolConfiguration(p: 2, kernel: Size2D(1, 2), stride: Size2D(1, 2), padding: .explicit(Padding2D(top: 0, left: 1, bottom: 0, right: 0))))
        #expect(try GraphRunnerHarness.run(padded, try Tensor(shape: [1, 1, 1, 3], values: [-3, 4, 0]), workers: 1).scalars == [3, 4])
    }

    /// The specials of the "Correct at the edges" issue, one plane each, against the
    /// reference in Double: huge values do not overflow, subnormals are not flushed, NaN
    /// propagates, an infinity gives +∞.
    @Test func specials() throws {
        let specials: [Float] = [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-30, -1e-30, 1, -1, 88, -88, 89, -89,
                                 1e30, -1e30, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan]
        for p: Float in [1, 2, 3] {
            for v in specials {
                let x = try Tensor(shape: [1, 1, 1, 2], values: [v, 0])
                let y = try GraphRunnerHarness.run(GlobalLpPoolOp(p: p), x, workers: 1).scalars[0]
                let expected = try referenceOutput(of: GlobalLpPoolOp(p: p), inputs: [x]).scalars[0]
                if expected.isNaN { #expect(y.isNaN, "p \(p) x \(v): \(y)") } else {
                    #expect(y == expected || abs(y - expected) <= 4 * expected.ulp, "p \(p) x \(v): \(y), expected \(expected)")
                }
            }
        }
        // Two values of 1e30 (whose squares overflow float32): 1.4142135e30.
        let huge = try GraphRunnerHarness.run(GlobalLpPoolOp(p: 2), try Tensor(shape: [1, 1, 1, 2], values: [1e30, -1e30]), workers: 1)
        #expect(abs(huge.scalars[0] - 1.4142135e30) <= 2 * Float(1.4142135e30).ulp)
        #expect(throws: StrataError.self) { try LpPoolConfiguration(p: 0, kernel: 2, stride: 1).validate() }
    }
}
