import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Constant folding as a whole: the shared index walk against a naive reference, and the
/// size checks of the existing folds.
@Suite struct ONNXFoldingTests {
    typealias F = ONNXModelFactory

    // MARK: The index walk

    /// Row-major multi-index of `flat` in `dims`.
    static func unravel(_ flat: Int, _ dims: [Int]) -> [Int] {
        var rest = flat
        return dims.indices.reversed().map { axis -> Int in
            defer { rest /= dims[axis] }
            return rest % dims[axis]
        }.reversed()
    }

    @Test func broadcastWalkMatchesANaiveReference() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let rank = Int.random(in: 0...Shape.maximumRank, using: &rng)
            let out = (0..<rank).map { _ in Int.random(in: 1...3, using: &rng) }
            // Each operand: a random suffix of the output dims, some sizes replaced by 1.
            let operands = (0..<3).map { _ -> [Int] in
                let kept = Int.random(in: 0...rank, using: &rng)
                return out.suffix(kept).map { Bool.random(using: &rng) ? $0 : 1 }
            }
            let walk = try ONNXIndexWalk.broadcast(operands + [out])
            #expect(walk.dims == out)
            var flat = 0
            walk.forEach { positions in
                let index = Self.unravel(flat, out)
                for (k, dims) in operands.enumerated() {
                    let local = Array(index.suffix(dims.count))
                    let expected = zip(zip(local, dims), ONNXIndexWalk.strides(dims)).reduce(0) { $0 + ($1.0.1 == 1 ? 0 : $1.0.0) * $1.1 }
                    #expect(positions[k] == expected, "operand \(dims) in \(out) at \(index)")
                }
                #expect(positions[3] == flat)
                flat += 1
            }
            #expect(flat == out.reduce(1, *))
        }
    }

    @Test func walkPeriodsAndBasesTileAndSlice() {
        // Tile [2, 3] by [2, 2]: periods 2 and 3 on a [4, 6] output.
        let tile = ONNXIndexWalk(dims: [4, 6], operands: [.init(periods: [2, 3], strides: [3, 1])])
        #expect(tile.map { $0[0] } == (0..<24).map { (($0 / 6) % 2) * 3 + ($0 % 6) % 3 })
        // Columns 3, 1 of rows 1, 2 of a [3, 4]: base 1·4 + 3, strides 4 and −2.
        let slice = ONNXIndexWalk(dims: [2, 2], operands: [.init(base: 7, periods: [2, 2], strides: [4, -2])])
        #expect(slice.map { $0[0] } == [7, 5, 11, 9])
        #expect(ONNXIndexWalk(dims: [], operands: [.init(base: 3, periods: [], strides: [])]).map { $0[0] } == [3])
        #expect(ONNXIndexWalk(dims: [2, 0], operands: []).map { _ in 1 }.isEmpty)
    }

    @Test func gatherAndConcatCheckTheirSize() {
        // Hostile: 2^20 zeros gathered from a [1, 2^8] row would be [2^20, 2^8] = 2^28 elements.
        FoldHarness.expectIssue(["Gather output would have dims [1048576, 256], more than 134217728 (2^27) elements"], "Gather",
                                [F.float([1, 256], Array(repeating: 0, count: 256)), F.int64([1 << 20], Array(repeating: 0, count: 1 << 20))])
        FoldHarness.expectIssue(["Concat needs at least one input"], "Concat", [], attributes: ["axis": .int(0)])
    }
}
