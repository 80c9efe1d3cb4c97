@testable import Strata
import StrataReference
import Testing

/// ONNX Gather and GatherElements with constant and run-time indices against the
/// reference: random axes and index shapes at ranks 1-8, negative indices, 1 and 2
/// workers; run-time indices that are fractions, NaN, infinite or out of range gather NaN
/// (the documented rule); constant ones that are out of range are errors; the spec's examples.
@Suite struct GatherTests {
    static let seed: UInt64 = 20_261_203

    @Test func randomGathersMatchTheReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for trial in 0..<250 {
            let rank = Int.random(in: 1...5, using: &rng)
            let shape = randomNDDimensions(rank: rank, using: &rng)
            let axis = Int.random(in: 0..<rank, using: &rng)
            let size = shape[axis]
            let indicesShape = (0..<Int.random(in: 0...min(3, 9 - rank), using: &rng)).map { _ in Int.random(in: 1...4, using: &rng) }
            let indices = (0..<indicesShape.reduce(1, *)).map { _ in Int.random(in: -size..<size, using: &rng) }
            let given = Bool.random(using: &rng) ? axis - rank : axis
            let label = "seed \(Self.seed) trial \(trial): \(shape) axis \(given) indices \(indicesShape) \(indices)"
            let x = try counting(shape)
            try expectMatchesReference(GatherOp(axis: given, indices: indices, shape: try Shape(indicesShape)), [x], "\(label) constant")
            let runtime = try Tensor(shape: indicesShape, values: indices.map(Float.init))
            try expectMatchesReference(GatherOp(axis: given), [x, runtime], "\(label) run time")
        }
        // Rows of a large map (two workers), and columns (blocks of one element).
        let x = try counting([64, 1100])
        try expectMatchesReference(GatherOp(axis: 0, indices: [63, 0, -1, 5], shape: [2, 2]), [x], "large rows")
        try expectMatchesReference(GatherOp(axis: 1), [x, try Tensor(shape: [40], values: (0..<40).map { Float($0 * 27 % 1100) })], "large columns")
    }

    /// Run-time indices that are not whole numbers in range gather NaN; the others work.
    @Test func badRuntimeIndicesGatherNaN() throws {
        let x = try counting([2, 3])
        let indices = try Tensor(shape: [7], values: [2, -3, 1.5, .nan, .infinity, 3, -4])
        let y = try expectMatchesReference(GatherOp(axis: 1), [x, indices], "bad run-time indices")
        #expect(identical(y.scalars, [2, 0, .nan, .nan, .nan, .nan, .nan, 5, 3, .nan, .nan, .nan, .nan, .nan]))
        #expect(runtimeIndex(16_777_216, size: 1 << 25) == 16_777_216)
        #expect(runtimeIndex(-0.0, size: 3) == 0)
        #expect(runtimeIndex(-Float.greatestFiniteMagnitude, size: .max) == nil)
    }

    /// onnx/docs/Operators.md, Gather examples 1 and 2 and GatherElements examples 1 and 2.
    @Test func specExamples() throws {
        let data = try Tensor(shape: [3, 2], values: [1.0, 1.2, 2.3, 3.4, 4.5, 5.7])
        let one = try runOp(GatherOp(axis: 0, indices: [0, 1, 1, 2], shape: [2, 2]), [data])
        #expect(one.shape == [2, 2, 2] && one.scalars == [1.0, 1.2, 2.3, 3.4, 2.3, 3.4, 4.5, 5.7])
        let square = try Tensor(shape: [3, 3], values: [1.0, 1.2, 1.9, 2.3, 3.4, 3.9, 4.5, 5.7, 5.9])
        let two = try runOp(GatherOp(axis: 1, indices: [0, 2], shape: [1, 2]), [square])
        #expect(two.shape == [3, 1, 2] && two.scalars == [1.0, 1.9, 2.3, 3.9, 4.5, 5.9])
        // A scalar index drops the axis.
        #expect(try runOp(GatherOp(axis: 1, indices: [-1], shape: []), [square]).scalars == [1.9, 3.9, 5.9])

        let pair = try Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        #expect(try runOp(GatherElementsOp(axis: 1, indices: [0, 0, 1, 0], shape: [2, 2]), [pair]).scalars == [1, 1, 4, 3])
        let nine = try counting([3, 3]).scalars.map { $0 + 1 }
        let elements = try runOp(GatherElementsOp(axis: 0, indices: [1, 2, 0, 2, 0, 0], shape: [2, 3]), [Tensor(shape: [3, 3], values: nine)])
        #expect(elements.scalars == [4, 8, 3, 7, 2, 3])
        // Negative indices count from the end of the axis.
        let negative = try runOp(GatherElementsOp(axis: 0, indices: [-1, -2, 0, -2, 0, 0], shape: [2, 3]), [Tensor(shape: [3, 3], values: nine)])
        #expect(negative.scalars == [7, 5, 3, 4, 2, 3])
    }

    @Test func randomGatherElementsMatchTheReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        for trial in 0..<200 {
            let rank = Int.random(in: 1...6, using: &rng)
            let shape = randomNDDimensions(rank: rank, using: &rng)
            let axis = Int.random(in: 0..<rank, using: &rng)
            // On the axis any size; elsewhere at most the data's.
            let indicesShape = shape.indices.map { $0 == axis ? Int.random(in: 1...4, using: &rng) : Int.random(in: 1...shape[$0], using: &rng) }
            let indices = (0..<indicesShape.reduce(1, *)).map { _ in Int.random(in: -shape[axis]..<shape[axis], using: &rng) }
            let label = "seed \(Self.seed + 1) trial \(trial): \(shape) axis \(axis) indices \(indicesShape)"
            let x = try counting(shape)
            try expectMatchesReference(GatherElementsOp(axis: axis, indices: indices, shape: try Shape(indicesShape)), [x], "\(label) constant")
            var runtime = indices.map(Float.init)
            if trial % 5 == 0 { runtime[0] = 0.5 }   // a bad run-time index gathers NaN
            try expectMatchesReference(GatherElementsOp(axis: axis - rank), [x, try Tensor(shape: indicesShape, values: runtime)], "\(label) run time")
        }
        try expectMatchesReference(GatherElementsOp(axis: 1, indices: (0..<80_000).map { $0 % 7 - 3 }, shape: [2, 40_000]), [counting([2, 40_000])], "large")
    }

    @Test func mistakesAreErrors() {
        expectStrataError(.invalidArgument, mentioning: ["gather along axis 1 of data [2, 5]", "index 5 is out of range", "-5...4"]) {
            _ = try GatherOp(axis: 1, indices: [0, 5], shape: [2]).outputShape(for: [[2, 5]])
        }
        expectStrataError(.invalidShape, mentioning: ["gather data is a scalar"]) {
            _ = try GatherOp(axis: 0, indices: [0], shape: [1]).outputShape(for: [[]])
        }
        expectStrataError(.invalidShape, mentioning: ["rank 9", "at most 8"]) {
            _ = try GatherOp(axis: 0).outputShape(for: [[2, 2, 2, 2, 2], [1, 1, 1, 1, 1]])
        }
        expectStrataError(.shapeMismatch, mentioning: ["gather elements indices [3, 1]", "data [2, 2]"]) {
            _ = try GatherElementsOp(axis: 1).outputShape(for: [[2, 2], [3, 1]])
        }
        expectStrataError(.invalidArgument, mentioning: ["gather elements along axis 0", "index -3 is out of range"]) {
            _ = try GatherElementsOp(axis: 0, indices: [-3], shape: [1, 1]).outputShape(for: [[2, 2]])
        }
    }
}
