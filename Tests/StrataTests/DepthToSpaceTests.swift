@testable import Strata
import StrataDiagnostics
import Testing

/// DepthToSpace and SpaceToDepth against the element-by-element reference, by hand, and
/// as each other's inverse.
@Suite struct DepthToSpaceTests {
    @Test func randomShapesMatchTheReference() throws {
        let seed: UInt64 = 43
        var rng = SeededGenerator(seed: seed)
        for trial in 0..<60 {
            let b = Int.random(in: 1...3, using: &rng)
            let (n, c, h, w) = (Int.random(in: 1...2, using: &rng), Int.random(in: 1...3, using: &rng),
                                Int.random(in: 1...4, using: &rng), Int.random(in: 1...5, using: &rng))
            let ops: [(any GraphOp, [Int])] = [
                (DepthToSpaceOp(blockSize: b, mode: .dcr), [n, c * b * b, h, w]),
                (DepthToSpaceOp(blockSize: b, mode: .crd), [n, c * b * b, h, w]),
                (SpaceToDepthOp(blockSize: b), [n, c, h * b, w * b]),
            ]
            for (op, shape) in ops {
                let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
                let expected = try referenceOutput(of: op, inputs: [x])
                for workers in [1, 2] {
                    let y = try GraphRunnerHarness.run(op, x, workers: workers)
                    #expect(y.shape == expected.shape && y.scalars == expected.scalars,
                            "seed \(seed) trial \(trial): \(op.opName) b \(b) \(shape) workers \(workers)")
                }
            }
        }
    }

    /// Worked by hand from the ONNX spec's formulas: x = 0..<16 as [1, 8, 1, 2], blocksize 2;
    /// CRD reads channel c·4 + i·2 + j, DCR channel (i·2 + j)·2 + c.
    @Test func handComputedValues() throws {
        let x = try Tensor(shape: [1, 8, 1, 2], values: (0..<16).map(Float.init))
        let crd = try GraphRunnerHarness.run(DepthToSpaceOp(blockSize: 2, mode: .crd), x, workers: 1)
        #expect(crd.shape == [1, 2, 2, 4])
        #expect(crd.scalars == [0, 2, 1, 3, 4, 6, 5, 7, 8, 10, 9, 11, 12, 14, 13, 15])
        let dcr = try GraphRunnerHarness.run(DepthToSpaceOp(blockSize: 2, mode: .dcr), x, workers: 1)
        #expect(dcr.scalars == [0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11, 15])
        let back = try GraphRunnerHarness.run(SpaceToDepthOp(blockSize: 2), dcr, workers: 2)
        #expect(back.shape == x.shape && back.scalars == x.scalars)
    }

    @Test func badShapesAreErrors() {
        #expect(throws: StrataError.self) { try DepthToSpaceOp(blockSize: 2).outputShape(for: [[1, 6, 2, 2]]) }
        #expect(throws: StrataError.self) { try DepthToSpaceOp(blockSize: 0).outputShape(for: [[1, 4, 2, 2]]) }
        #expect(throws: StrataError.self) { try DepthToSpaceOp(blockSize: 2).outputShape(for: [[4, 2, 2]]) }
        #expect(throws: StrataError.self) { try SpaceToDepthOp(blockSize: 2).outputShape(for: [[1, 1, 3, 4]]) }
        #expect(throws: StrataError.self) { try SpaceToDepthOp(blockSize: 1 << 20).outputShape(for: [[1, 1, 4, 4]]) }
    }
}
