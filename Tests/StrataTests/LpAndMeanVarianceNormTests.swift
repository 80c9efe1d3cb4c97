import Foundation
import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// LpNormalization and MeanVarianceNormalization against the Double reference on seeded
/// random shapes (ranks 1-5, odd sizes, negative axes, workers 1 and 2), by hand, and at
/// the edges (zero norms, infinities, NaN, huge and subnormal values, constant slices).
@Suite struct LpAndMeanVarianceNormTests {
    static let seed: UInt64 = 20_261_130

    static func lp(_ x: [Float], _ shape: [Int], axis: Int, p: Int, workers: Int = 1) throws -> [Float] {
        let configuration = try LpNormConfiguration(axis: axis, p: p)
        return x.withUnsafeBufferPointer { input in
            kernelOutput(count: x.count) {
                lpNorm(input.baseAddress!, into: $0, shape: try! Shape(shape), configuration: configuration, workers: workers)
            }
        }
    }

    @Test func lpNormMatchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<120 {
            let rank = Int.random(in: 1...5, using: &rng)
            let shape = index == 0 ? [3, 300, 17] : randomDimensions(Array(repeating: 1...11, count: rank), using: &rng)
            let axis = Int.random(in: 0..<rank, using: &rng)
            let passed = index % 2 == 0 ? axis : axis - shape.count
            let (p, workers) = (index % 2 + 1, index % 3 % 2 + 1)
            let x = randomFloats(shape.reduce(1, *), low: -3, high: 3, using: &rng)
            let comparison = try compare(Self.lp(x, shape, axis: passed, p: p, workers: workers),
                                         Reference.lpNorm(x, shape: shape, axis: axis, p: p), shape: shape)
            #expect(comparison.relativeError <= opTolerance,
                    "seed \(Self.seed) case \(index) \(shape) axis \(passed) p \(p) workers \(workers): \(comparison)")
        }
    }

    /// [3, 4] → [0.6, 0.8] (p 2) and [3/7, 4/7] (p 1); a zero vector gives zeros, as onnx's
    /// reference and onnxruntime; along axis 0 of [[3, 0], [4, 0]] the same per column.
    @Test func lpNormByHand() throws {
        #expect(try Self.lp([3, 4, 0, 0], [2, 2], axis: 1, p: 2) == [0.6, 0.8, 0, 0])
        // p 1 multiplies by the reciprocal of the norm: within an ulp of 3/7 and 4/7.
        let l1 = try Self.lp([3, 4, 0, 0], [2, 2], axis: -1, p: 1)
        let expectedL1: [Float] = [3.0 / 7, 4.0 / 7, 0, 0]
        for i in l1.indices { #expect(abs(l1[i] - expectedL1[i]) <= expectedL1[i].ulp, "element \(i): \(l1[i]) vs \(expectedL1[i])") }
        #expect(try Self.lp([3, 0, 4, 0], [2, 2], axis: 0, p: 2) == [0.6, 0, 0.8, 0])
        #expect(throws: StrataError.self) { try LpNormConfiguration(axis: 0, p: 3) }
        #expect(throws: StrataError.self) { try LpNormOp(LpNormConfiguration(axis: 2)).outputShape(for: [[2, 3]]) }
    }

    /// Each special with 1 beside it, along a contiguous axis and a strided one: huge values
    /// (squares overflow Float) and subnormals are redone in Double; ±∞ gives ±1 (its
    /// limit) and the finite entries ±0; NaN gives NaN.
    @Test(arguments: [1, 2])
    func lpNormSpecials(p: Int) throws {
        for special in ActivationEdgeTests.specials {
            for (shape, axis) in [([2], 0), ([2, 3], 0)] {
                let x = shape == [2] ? [special, 1] : [special, special, special, 1, 1, 1]
                let actual = try Self.lp(x, shape, axis: axis, p: p)
                let expected = Reference.lpNorm(x, shape: shape, axis: axis, p: p)
                for i in x.indices {
                    if let problem = ActivationEdgeTests.mismatch(actual[i], expected[i], ulps: 2) {
                        Issue.record("LpNorm p \(p) of \(x) along \(axis): element \(i) = \(actual[i]): \(problem)")
                    }
                }
            }
        }
        #expect(try Self.lp([.infinity, 5, -.infinity], [3], axis: 0, p: p) == (p == 2
            ? [Float(1 / 2.0.squareRoot()), 0, Float(-1 / 2.0.squareRoot())] : [0.5, 0, -0.5]))
        #expect(try Self.lp([1e30, 1e30], [2], axis: 0, p: 2) == [Float(1 / 2.0.squareRoot()), Float(1 / 2.0.squareRoot())])
    }

    static func mvn(_ x: [Float], _ shape: [Int], axes: [Int], workers: Int = 1) throws -> [Float] {
        let configuration = MeanVarianceNormConfiguration(axes: axes)
        let layout = MeanVarianceLayout(shape: try Shape(shape), axes: try configuration.resolvedAxes(rank: shape.count))
        return x.withUnsafeBufferPointer { input in
            kernelOutput(count: x.count) { meanVarianceNorm(input.baseAddress!, into: $0, layout: layout, workers: workers) }
        }
    }

    @Test func meanVarianceNormMatchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        for index in 0..<120 {
            let rank = Int.random(in: 1...5, using: &rng)
            let shape = index == 0 ? [4, 5, 33, 31] : randomDimensions(Array(repeating: 1...9, count: rank), using: &rng)
            var axes = (0..<rank).filter { _ in Bool.random(using: &rng) }
            if axes.isEmpty { axes = [Int.random(in: 0..<rank, using: &rng)] }
            if index == 0 { axes = [0, 2, 3] }
            let passed = axes.map { index % 2 == 0 ? $0 : $0 - rank }
            let center: Float = index % 4 == 3 ? 1000 : 0
            let x = randomFloats(shape.reduce(1, *), low: center - 2, high: center + 2, using: &rng)
            let workers = index % 2 + 1
            let comparison = try compare(Self.mvn(x, shape, axes: passed, workers: workers),
                                         Reference.meanVarianceNorm(x, shape: shape, axes: axes), shape: shape)
            #expect(comparison.relativeError <= opTolerance,
                    "seed \(Self.seed + 1) case \(index) \(shape) axes \(passed) workers \(workers): \(comparison)")
        }
    }

    /// Channel 0 = [1, 3, 5, 7] over N and H·W (default axes [0, 2, 3] on [2, 2, 1, 2]):
    /// mean 4, σ √5; a constant channel gives 0 (the spec's + 1e-9; onnxruntime: NaN).
    @Test func meanVarianceNormByHand() throws {
        // [N=2, C=2, 1, W=2]: channel 0 holds 1, 3 (n 0) and 5, 7 (n 1); channel 1 all 2.
        let x: [Float] = [1, 3, 2, 2, 5, 7, 2, 2]
        let y = try Self.mvn(x, [2, 2, 1, 2], axes: [0, 2, 3])
        let s = Float(5.0.squareRoot())
        let expected: [Float] = [-3 / s, -1 / s, 0, 0, 1 / s, 3 / s, 0, 0]
        for i in x.indices { #expect(abs(y[i] - expected[i]) <= 1e-6, "element \(i): \(y[i]) vs \(expected[i])") }
        #expect(throws: StrataError.self) { try MeanVarianceNormOp(MeanVarianceNormConfiguration()).outputShape(for: [[2, 3, 4]]) }
        #expect(throws: StrataError.self) { try MeanVarianceNormOp(MeanVarianceNormConfiguration(axes: [1, -1])).outputShape(for: [[2, 3]]) }
    }

    /// Both graph ops through both runners against the reference table.
    @Test(arguments: [1, 2])
    func opsThroughGraphs(workers: Int) throws {
        var rng = SeededGenerator(seed: Self.seed + 2)
        let x = try Tensor.uniform([3, 5, 7, 9], low: -2, high: 2, using: &rng)
        for op: any GraphOp in [LpNormOp(try LpNormConfiguration(axis: 1, p: 2)), LpNormOp(try LpNormConfiguration(axis: -1, p: 1)),
                                MeanVarianceNormOp(MeanVarianceNormConfiguration()), MeanVarianceNormOp(MeanVarianceNormConfiguration(axes: [1, -1]))] {
            let expected = try referenceOutput(of: op, inputs: [x])
            let (runner, compiled) = try runThroughGraphs(op, [x], workers: workers)
            #expect(try runner.compared(with: expected).relativeError <= opTolerance, "\(op)")
            #expect(try compiled.compared(with: expected).relativeError <= opTolerance, "\(op)")
        }
    }
}
