@testable import Strata
import StrataReference
import Testing

/// ONNX Tile and Expand on run-time tensors: the strided-copy kernel against the
/// element-by-element references at ranks 0-8 (odd sizes, repeats and broadcasts of 0 and
/// 1), 1 and 2 workers; the spec's examples by hand; errors.
@Suite struct TileExpandTests {
    static let seed: UInt64 = 20_261_202

    @Test func randomTilesMatchTheReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for trial in 0..<200 {
            let rank = Int.random(in: 0...6, using: &rng)
            let shape = (0..<rank).map { _ in Int.random(in: 1...4, using: &rng) }
            let repeats = (0..<rank).map { _ in [0, 1, 1, 2, 3][Int.random(in: 0..<5, using: &rng)] }
            try expectMatchesReference(TileOp(repeats: repeats), [counting(shape)], "seed \(Self.seed) trial \(trial): \(shape) repeats \(repeats)")
        }
        // Large enough for two workers: a [1, 8, 20, 20] map tiled 2x2 spatially and 3 times in batch.
        try expectMatchesReference(TileOp(repeats: [3, 1, 2, 2]), [counting([1, 8, 20, 20])], "large tile")
    }

    @Test func randomExpandsMatchTheReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        for trial in 0..<200 {
            let rank = Int.random(in: 0...8, using: &rng)
            let output = randomNDDimensions(rank: rank, using: &rng)
            // The input: some axes 1 (broadcast), some leading ones dropped.
            let input = Array(output.map { Int.random(in: 0..<3, using: &rng) == 0 ? 1 : $0 }.dropFirst(Int.random(in: 0...rank, using: &rng)))
            // The target: the output, with some axes given as 1 where the input has the size.
            var target = output
            for axis in target.indices where axis >= rank - input.count && Bool.random(using: &rng) {
                target[axis] = 1
            }
            try expectMatchesReference(ExpandOp(shape: try Shape(target)), [counting(input)],
                                       "seed \(Self.seed + 1) trial \(trial): \(input) to \(target)")
        }
        try expectMatchesReference(ExpandOp(shape: [2, 32, 40, 40]), [counting([32, 1, 40])], "large expand")
        try expectMatchesReference(ExpandOp(shape: [3, 1]), [counting([1, 70_000])], "large rows")
    }

    @Test func specExamples() throws {
        // Tile: tile([[1, 2], [3, 4]], [1, 2]) = [[1, 2, 1, 2], [3, 4, 3, 4]].
        let tiled = try runOp(TileOp(repeats: [1, 2]), [Tensor(shape: [2, 2], values: [1, 2, 3, 4])])
        #expect(tiled.shape == [2, 4] && tiled.scalars == [1, 2, 1, 2, 3, 4, 3, 4])
        // Expand: [[1], [2], [3]] to [2, 1, 6] gives [2, 3, 6] (expand_dim_changed).
        let expanded = try runOp(ExpandOp(shape: [2, 1, 6]), [Tensor(shape: [3, 1], values: [1, 2, 3])])
        #expect(expanded.shape == [2, 3, 6])
        #expect(expanded.scalars == Array([[Float]](repeating: [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3], count: 2).joined()))
        // A shorter target keeps the input's rank (expand_dim_unchanged's mirror).
        #expect(try runOp(ExpandOp(shape: [4]), [Tensor(shape: [2, 1], values: [5, 6])]).scalars == [5, 5, 5, 5, 6, 6, 6, 6])
        // Repeats of 0 give an empty output; a scalar tiles by [] to itself.
        #expect(try TileOp(repeats: [0, 2]).outputShape(for: [[2, 2]]) == [0, 4])
        #expect(try runOp(TileOp(repeats: []), [Tensor(shape: [], values: [3.5])]).scalars == [3.5])
    }

    @Test func mistakesAreErrors() {
        expectStrataError(.invalidArgument, mentioning: ["tile repeats [1]", "[2, 3]", "one per axis"]) {
            _ = try TileOp(repeats: [1]).outputShape(for: [[2, 3]])
        }
        expectStrataError(.invalidArgument, mentioning: ["tile repeats [1, -1]"]) {
            _ = try TileOp(repeats: [1, -1]).outputShape(for: [[2, 3]])
        }
        expectStrataError(.invalidArgument, mentioning: ["axis 0 would have 2 × 9223372036854775807 elements"]) {
            _ = try TileOp(repeats: [.max]).outputShape(for: [[2]])
        }
        expectStrataError(.shapeMismatch, mentioning: ["[3]", "[2]"]) {
            _ = try ExpandOp(shape: [2]).outputShape(for: [[3]])
        }
    }
}
