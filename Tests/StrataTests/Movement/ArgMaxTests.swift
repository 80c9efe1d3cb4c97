@testable import Strata
import StrataReference
import Testing

/// ONNX ArgMax/ArgMin: the vector kernel against the reference on random shapes with
/// many ties (small integer values), every axis, keepdims, select_last_index, 1 and 2
/// workers; the specials vector (NaN, ±∞, ±0, subnormals) against the reference and
/// against onnxruntime's values; errors.
@Suite struct ArgMaxTests {
    static let seed: UInt64 = 20_261_204

    @Test func randomArgMaxesMatchTheReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for trial in 0..<300 {
            let rank = Int.random(in: 1...6, using: &rng)
            let shape = randomNDDimensions(rank: rank, using: &rng)
            // Values from a handful of integers: ties everywhere.
            let x = try Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(Int.random(in: -2...2, using: &rng)) })
            let configuration = ArgMaxConfiguration(Bool.random(using: &rng) ? .max : .min, axis: Int.random(in: -rank..<rank, using: &rng),
                                                    keepDims: Bool.random(using: &rng), selectLastIndex: Bool.random(using: &rng))
            try expectMatchesReference(ArgMaxOp(configuration), [x], "seed \(Self.seed) trial \(trial): \(shape) \(configuration)")
        }
        // Large: the class axis of [4, 1000, 33] logits (vector lanes with a partial last
        // block) and of [300, 1000] (rows), split over two workers.
        var rng2 = SeededGenerator(seed: Self.seed + 1)
        for shape in [[4, 1000, 33], [300, 1000]] {
            let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng2)
            for kind in ArgMaxKind.allCases {
                try expectMatchesReference(ArgMaxOp(ArgMaxConfiguration(kind, axis: 1)), [x], "large \(shape) \(kind)")
            }
        }
    }

    /// The fixed specials (±0, ±smallest subnormal, ±1e-30, ±1, ±88, ±89, ±1e30, ±FLT_MAX,
    /// ±∞, NaN) in rotated orders along the last axis and along axis 0 (the vector path).
    @Test func specialsMatchTheReference() throws {
        let specials: [Float] = [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-30, -1e-30, 1, -1, 88, -88, 89, -89,
                                 1e30, -1e30, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan]
        let n = specials.count
        let rows = (0..<n).flatMap { shift in (0..<n).map { specials[($0 + shift) % n] } }
        let x = try Tensor(shape: [n, n], values: rows)
        let transposed = try Tensor(shape: [n, n], values: (0..<n * n).map { rows[($0 % n) * n + $0 / n] })
        for kind in ArgMaxKind.allCases {
            for last in [false, true] {
                try expectMatchesReference(ArgMaxOp(ArgMaxConfiguration(kind, axis: 1, selectLastIndex: last)), [x], "specials rows \(kind) \(last)")
                try expectMatchesReference(ArgMaxOp(ArgMaxConfiguration(kind, axis: 0, selectLastIndex: last)), [transposed], "specials columns \(kind) \(last)")
            }
        }
    }

    /// onnxruntime 1.32 on these rows (one ArgMax/ArgMin node, opset 13, axis -1, keepdims 0):
    /// NaN wins only in first place, and ±0 compare equal.
    @Test func onnxruntimeValues() throws {
        let rows: [[Float]] = [[1, .nan, 3, .nan], [2, 2, 1, 0], [.infinity, -.infinity, .infinity, .nan], [.nan, 1, 2, 2],
                               [-.infinity, .nan, -.infinity, 5], [-0.0, 0, 0, -0.0]]
        let x = try Tensor(shape: [6, 4], values: rows.flatMap { $0 })
        func run(_ kind: ArgMaxKind, last: Bool) throws -> [Float] {
            try runOp(ArgMaxOp(ArgMaxConfiguration(kind, axis: -1, keepDims: false, selectLastIndex: last)), [x]).scalars
        }
        #expect(try run(.max, last: false) == [2, 0, 0, 0, 3, 0])
        #expect(try run(.max, last: true) == [2, 1, 2, 0, 3, 3])
        #expect(try run(.min, last: false) == [0, 3, 1, 0, 0, 0])
        #expect(try run(.min, last: true) == [0, 3, 1, 0, 2, 3])
    }

    @Test func shapes() throws {
        #expect(try ArgMaxOp(ArgMaxConfiguration(.max, axis: 1)).outputShape(for: [[2, 3, 4]]) == [2, 1, 4])
        #expect(try ArgMaxOp(ArgMaxConfiguration(.max, axis: -1, keepDims: false)).outputShape(for: [[2, 3, 4]]) == [2, 3])
        #expect(try ArgMaxOp(ArgMaxConfiguration(.min, axis: 0, keepDims: false)).outputShape(for: [[5]]) == [])
        // Empty elsewhere: an empty output (onnxruntime gives [0, 1]).
        #expect(try ArgMaxOp(ArgMaxConfiguration(.max, axis: 1)).outputShape(for: [[0, 3]]) == [0, 1])
    }

    @Test func mistakesAreErrors() {
        expectStrataError(.invalidShape, mentioning: ["ArgMax along axis 1 of [2, 0]", "empty"]) {
            _ = try ArgMaxOp(ArgMaxConfiguration(.max, axis: 1)).outputShape(for: [[2, 0]])
        }
        expectStrataError(.invalidShape, mentioning: ["argmin input is a scalar"]) {
            _ = try ArgMaxOp(ArgMaxConfiguration(.min, axis: 0)).outputShape(for: [[]])
        }
        expectStrataError(.invalidArgument, mentioning: ["argmax axis 2", "-2...1"]) {
            _ = try ArgMaxOp(ArgMaxConfiguration(.max, axis: 2)).outputShape(for: [[2, 3]])
        }
        expectStrataError(.invalidShape, mentioning: ["2^24", "16777216"]) {
            _ = try ArgMaxOp(ArgMaxConfiguration(.max, axis: 0)).outputShape(for: [[1 << 24 + 1]])
        }
    }
}
