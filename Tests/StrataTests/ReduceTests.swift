@testable import Strata
import StrataDiagnostics
import Testing

/// ONNX reductions: the kernel against the element-by-element reference on random shapes
/// and axis sets, and the spec's values over empty sets.
@Suite struct ReduceTests {
    static func run(_ kind: ReduceKind, axes: [Int], keepDims: Bool = true, _ x: Tensor, workers: Int = 1) throws -> Tensor {
        let configuration = try ReduceConfiguration(kind, axes: axes, keepDims: keepDims, rank: x.rank)
        return try GraphRunnerHarness.run(ReduceOp(configuration), x, workers: workers)
    }

    @Test func randomShapesAndAxesMatchTheReference() throws {
        let seed: UInt64 = 23
        var rng = SeededGenerator(seed: seed)
        for trial in 0..<250 {
            let rank = Int.random(in: 1...5, using: &rng)
            let shape = (0..<rank).map { _ in Int.random(in: 1...6, using: &rng) }
            let axes = (0..<rank).filter { _ in Bool.random(using: &rng) }
            let kind = ReduceKind.allCases.randomElement(using: &rng)!
            let keepDims = Bool.random(using: &rng)
            // Positive values keep log-sum defined; [0.5, 1.5] keeps prod moderate.
            let x = try Tensor.uniform(shape, low: 0.5, high: 1.5, using: &rng)
            let op = ReduceOp(try ReduceConfiguration(kind, axes: axes, keepDims: keepDims, rank: rank))
            let expected = try referenceOutput(of: op, inputs: [x]).scalars
            for workers in [1, 2] {
                let y = try Self.run(kind, axes: axes.map { Bool.random(using: &rng) ? $0 - rank : $0 }, keepDims: keepDims, x, workers: workers)
                let label = "seed \(seed) trial \(trial): \(kind) \(shape) axes \(axes) keepDims \(keepDims) workers \(workers)"
                #expect(y.elementCount == expected.count, "\(label)")
                let comparison = try compare(y.scalars, expected, shape: [expected.count])
                #expect(comparison.relativeError <= opTolerance, "\(label): \(comparison)")
            }
        }
    }

    /// onnx/backend/test/case/node/reduce_*.py, `empty_set` cases: data [2, 0, 4] reduced
    /// over axis 1 with keepdims.
    @Test(arguments: [
        (ReduceKind.sum, Float(0)), (.prod, 1), (.l1, 0), (.l2, 0), (.sumSquare, 0),
        (.max, -.infinity), (.min, .infinity), (.logSum, -.infinity), (.logSumExp, -.infinity),
    ])
    func emptySetsGiveTheIdentity(kind: ReduceKind, identity: Float) throws {
        let y = try Self.run(kind, axes: [1], try Tensor(shape: [2, 0, 4]))
        #expect(y.shape == [2, 1, 4])
        #expect(y.scalars == Array(repeating: identity, count: 8), "\(kind)")
    }

    @Test func meanOfAnEmptySetIsNaN() throws {
        #expect(try Self.run(.mean, axes: [0], try Tensor(shape: [0, 3])).scalars.allSatisfy(\.isNaN))
    }

    @Test func handComputedValues() throws {
        let x = try Tensor(shape: [2, 3], values: [1, -2, 3, -4, 5, -6])
        #expect(try Self.run(.sum, axes: [], keepDims: false, x).scalars == [-3])
        #expect(try Self.run(.mean, axes: [1], x).scalars == [2.0 / 3, -5.0 / 3])
        #expect(try Self.run(.max, axes: [0], x).scalars == [1, 5, 3])
        #expect(try Self.run(.l1, axes: [-1], x).scalars == [6, 15])
        #expect(try Self.run(.sumSquare, axes: [0, 1], x).scalars == [91])
        let withNaN = try Tensor(shape: [3], values: [1, .nan, 3])
        #expect(try Self.run(.max, axes: [0], withNaN).scalars[0].isNaN)
        // Log-sum-exp stays finite where e^x overflows.
        #expect(try Self.run(.logSumExp, axes: [0], try Tensor(shape: [2], values: [1000, 1000])).scalars[0] == 1000 + Float(0.6931472))
    }

    @Test func badAxesAreErrors() {
        #expect(throws: StrataError.self) { try ReduceConfiguration(.sum, axes: [2], rank: 2) }
        #expect(throws: StrataError.self) { try ReduceConfiguration(.sum, axes: [1, -1], rank: 2) }
    }
}
