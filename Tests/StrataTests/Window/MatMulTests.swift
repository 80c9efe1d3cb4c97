@testable import Strata
import StrataDiagnostics
import Testing

/// The general MatMul against the reference: 1-D operands, broadcast batch axes,
/// transposes and alpha, every strategy, both worker counts; hand values; K = 0.
@Suite struct MatMulTests {
    static func check(_ op: MatMulOp, _ a: [Int], _ b: [Int], rng: inout SeededGenerator, label: String) throws {
        let x = try Tensor.uniform(a, low: -1, high: 1, using: &rng), y = try Tensor.uniform(b, low: -1, high: 1, using: &rng)
        let expected = try referenceOutput(of: op, inputs: [x, y])
        for workers in [1, 2] {
            let (runner, compiled) = try runThroughGraphs(op, [x, y], workers: workers)
            for z in [runner, compiled] {
                #expect(z.shape == expected.shape, "\(label) workers \(workers): shape \(z.shape), expected \(expected.shape)")
                if z.shape == expected.shape, z.elementCount > 0 {
                    #expect(try z.compared(with: expected).relativeError <= opTolerance, "\(label) workers \(workers)")
                }
            }
        }
    }

    @Test func randomShapesMatchTheReference() throws {
        let seed: UInt64 = 4_301
        var rng = SeededGenerator(seed: seed)
        var strategies = Set<String>()
        for trial in 0..<200 {
            let (m, n, k) = (Int.random(in: 1...9, using: &rng), Int.random(in: 1...40, using: &rng), Int.random(in: 1...9, using: &rng))
            let batchRank = Int.random(in: 0...3, using: &rng)
            let batch = (0..<batchRank).map { _ in Int.random(in: 1...3, using: &rng) }
            func lead() -> [Int] {
                let kept = Array(batch.suffix(Int.random(in: 0...batchRank, using: &rng)))
                return kept.map { Bool.random(using: &rng) ? 1 : $0 }
            }
            let (transposeA, transposeB) = (Bool.random(using: &rng), Bool.random(using: &rng))
            let oneDimA = !transposeA && Int.random(in: 0..<6, using: &rng) == 0
            let oneDimB = !transposeB && Int.random(in: 0..<6, using: &rng) == 0
            let a = oneDimA ? [k] : lead() + (transposeA ? [k, m] : [m, k])
            let b = oneDimB ? [k] : lead() + (transposeB ? [n, k] : [k, n])
            let op = MatMulOp(transposeA: transposeA, transposeB: transposeB, alpha: Bool.random(using: &rng) ? 1 : -0.5)
            strategies.insert("\(try MatMulPlan(a: Shape(a), b: Shape(b), transposeA: transposeA, transposeB: transposeB, workers: 2).strategy)")
            try Self.check(op, a, b, rng: &rng, label: "seed \(seed) trial \(trial): \(a)\(transposeA ? "ᵀ" : "") x \(b)\(transposeB ? "ᵀ" : "") alpha \(op.alpha)")
        }
        #expect(strategies == ["foldedRows", "perMatrix", "splitMatrices"])
    }

    @Test func numpyShapes() throws {
        let op = MatMulOp()
        #expect(try op.outputShape(for: [[3], [3]]) == [])
        #expect(try op.outputShape(for: [[3], [2, 3, 4]]) == [2, 4])
        #expect(try op.outputShape(for: [[2, 5, 3], [3]]) == [2, 5])
        #expect(try op.outputShape(for: [[2, 1, 5, 3], [4, 3, 6]]) == [2, 4, 5, 6])
        #expect(throws: StrataError.self) { try op.outputShape(for: [[2, 3], [4, 5]]) }
        #expect(throws: StrataError.self) { try op.outputShape(for: [[2, 2, 3], [3, 3, 5]]) }
        #expect(throws: StrataError.self) { try op.outputShape(for: [[], [3]]) }
    }

    /// [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]; transposed A: [[26, 30], [38, 44]].
    @Test func handComputedValues() throws {
        let a = try Tensor(shape: [2, 2], values: [1, 2, 3, 4]), b = try Tensor(shape: [2, 2], values: [5, 6, 7, 8])
        #expect(try runThroughGraphs(MatMulOp(), [a, b], workers: 1).compiled.scalars == [19, 22, 43, 50])
        #expect(try runThroughGraphs(MatMulOp(transposeA: true), [a, b], workers: 2).runner.scalars == [26, 30, 38, 44])
        #expect(try runThroughGraphs(MatMulOp(transposeB: true, alpha: 2), [a, b], workers: 1).runner.scalars == [34, 46, 78, 106])
    }

    /// K = 0: the empty sum, zeros, as numpy gives.
    @Test func emptyInnerSizeGivesZeros() throws {
        let y = try runThroughGraphs(MatMulOp(), [try Tensor(shape: [2, 3, 0]), try Tensor(shape: [0, 4])], workers: 2)
        #expect(y.runner.shape == [2, 3, 4] && y.runner.scalars.allSatisfy { $0 == 0 })
        #expect(y.compiled.scalars.allSatisfy { $0 == 0 })
    }
}

/// The rank and empty-tensor rules of the window family (as `RankAndEmptyAuditTests`).
@Suite struct WindowFamilyRankAndEmptyTests {
    @Test func ranksAndEmptyTensors() throws {
        let convTranspose = try ConvTransposeOp(ConvTranspose2dConfiguration(inChannels: 2, outChannels: 2, kernel: 2),
                                                weight: try Tensor(shape: [2, 2, 2, 2]), bias: nil)
        let window: [any GraphOp] = [convTranspose, LpPoolOp(LpPoolConfiguration(p: 2, kernel: 2, stride: 1)), GlobalLpPoolOp(p: 2),
                                     MaxPoolIndicesOp(.max(kernel: 2, stride: 1))]
        for op in window {
            for bad: Shape in [[], [1, 2, 3, 3, 3], [1, 2, 0, 3]] {
                #expect(throws: StrataError.self, "\(op.opName) on \(bad)") { _ = try op.outputShape(for: [bad]) }
            }
            #expect(try op.outputShape(for: [[0, 2, 3, 3]])[0] == 0, "\(op.opName): an empty batch gives an empty output")
        }
        #expect(try MatMulOp().outputShape(for: [[1, 2, 1, 2, 1, 2, 3, 4], [2, 1, 2, 1, 2, 1, 4, 5]]) == [2, 2, 2, 2, 2, 2, 3, 5])
        #expect(try MatMulOp().outputShape(for: [[0, 3, 4], [4, 5]]) == [0, 3, 5])
    }
}
