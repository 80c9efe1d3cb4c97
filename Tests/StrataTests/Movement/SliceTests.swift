@testable import Strata
import StrataReference
import Testing

/// ONNX Slice on run-time tensors (``SliceOp``) and Split's parts: the strided-copy kernel
/// against `Reference.slice` (every kept index found by testing, independently of the
/// spec arithmetic in ``SliceConfiguration``) at ranks 0-8, odd sizes, negative and
/// INT64-extreme bounds, negative steps and axes, 1 and 2 workers; the spec's examples by
/// hand; errors.
@Suite struct SliceTests {
    static let seed: UInt64 = 20_261_201

    /// A random bound: mostly inside `-size-2...size+2`, sometimes an INT64 extreme.
    static func bound(_ size: Int, using rng: inout SeededGenerator) -> Int {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: .max
        case 1: .min
        default: Int.random(in: (-size - 2)...(size + 2), using: &rng)
        }
    }

    @Test func randomSlicesMatchTheReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for trial in 0..<300 {
            let rank = Int.random(in: 0...8, using: &rng)
            let shape = randomNDDimensions(rank: rank, using: &rng)
            let axes = Array(0..<rank).shuffled(using: &rng).prefix(Int.random(in: 0...rank, using: &rng))
            let steps = axes.map { _ in [1, 1, 2, 3, -1, -2, -3, .max, .min][Int.random(in: 0..<9, using: &rng)] }
            let starts = axes.map { Self.bound(shape[$0], using: &rng) }, ends = axes.map { Self.bound(shape[$0], using: &rng) }
            let given = axes.map { Bool.random(using: &rng) ? $0 - rank : $0 }   // negative axes too
            let op = SliceOp(SliceConfiguration(starts: starts, ends: ends, axes: given, steps: steps))
            try expectMatchesReference(op, [counting(shape)],
                                       "seed \(Self.seed) trial \(trial): \(shape) \(op.configuration)")
        }
    }

    /// Large enough to split over two workers: a crop of a feature map, every other row
    /// backwards, and whole rows (one memcpy per image).
    @Test func largeSlicesMatchTheReference() throws {
        let x = try counting([2, 16, 64, 72])
        for configuration in [
            SliceConfiguration(starts: [1, 3], ends: [-1, 70], axes: [2, 3]),
            SliceConfiguration(starts: [-1, 0], ends: [.min, .max], axes: [2, 1], steps: [-2, 1]),
            SliceConfiguration(starts: [4], ends: [12], axes: [1]),
        ] {
            try expectMatchesReference(SliceOp(configuration), [x], "\(configuration)")
        }
    }

    /// The spec's examples (onnx/docs/Operators.md, Slice) and backend node tests.
    @Test func specExamples() throws {
        let data = try Tensor(shape: [2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8])
        // Example 1: axes [0, 1], starts [1, 0], ends [2, 3], steps [1, 2] → [[5, 7]].
        let one = try runOp(SliceOp(SliceConfiguration(starts: [1, 0], ends: [2, 3], axes: [0, 1], steps: [1, 2])), [data])
        #expect(one.shape == [1, 2] && one.scalars == [5, 7])
        // Example 2: starts [0, 1], ends [-1, 1000] → [[2, 3, 4]].
        let two = try runOp(SliceOp(SliceConfiguration(starts: [0, 1], ends: [-1, 1000])), [data])
        #expect(two.shape == [1, 3] && two.scalars == [2, 3, 4])
        // Reversed columns from INT64_MAX to INT64_MIN (slice_reverse_all-style).
        let reversed = try runOp(SliceOp(SliceConfiguration(starts: [.max], ends: [.min], axes: [-1], steps: [-1])), [data])
        #expect(reversed.scalars == [4, 3, 2, 1, 8, 7, 6, 5])
        // A start past the end gives an empty axis (slice_start_out_of_bounds).
        let empty = try runOp(SliceOp(SliceConfiguration(starts: [1000], ends: [1001], axes: [1])), [data])
        #expect(empty.shape == [2, 0])
        // A scalar with no axes is itself.
        #expect(try runOp(SliceOp(SliceConfiguration(starts: [], ends: [])), [Tensor(shape: [], values: [7])]).scalars == [7])
    }

    /// Split's parts are slices of one axis: [2, 5] split 2 + 3 along axis 1.
    @Test func splitParts() throws {
        let x = try counting([2, 5])
        #expect(try runOp(SliceOp(axis: 1, start: 0, end: 2), [x]).scalars == [0, 1, 5, 6])
        #expect(try runOp(SliceOp(axis: -1, start: 2, end: 5), [x]).scalars == [2, 3, 4, 7, 8, 9])
        #expect(try runOp(SliceOp(axis: 1, start: 5, end: 5), [x]).shape == [2, 0])
    }

    /// The one-axis arithmetic, against values worked out by hand from the spec text.
    @Test func resolvedBounds() {
        typealias A = SliceConfiguration.Axis
        #expect(SliceConfiguration.resolve(start: 2, end: .max, step: 1, size: 10) == A(first: 2, step: 1, count: 8))
        #expect(SliceConfiguration.resolve(start: -3, end: -100, step: -2, size: 10) == A(first: 7, step: -2, count: 4))
        #expect(SliceConfiguration.resolve(start: 8, end: 1, step: .min, size: 10) == A(first: 8, step: .min, count: 1))
        #expect(SliceConfiguration.resolve(start: 20, end: 0, step: -3, size: 10) == A(first: 9, step: -3, count: 3))
        #expect(SliceConfiguration.resolve(start: .min, end: .max, step: .max, size: 10) == A(first: 0, step: .max, count: 1))
        #expect(SliceConfiguration.resolve(start: 0, end: 5, step: -1, size: 0).count == 0)
        #expect(SliceConfiguration.resolve(start: 0, end: 5, step: 1, size: 0).count == 0)
    }

    /// The kernel reduces a slice of whole inner rows to one run per outer index.
    @Test func contiguousSlicesMergeIntoLongRuns() throws {
        let input: Shape = [2, 16, 9, 7]
        let axes = try SliceConfiguration(starts: [4], ends: [12], axes: [1]).resolve(dims: input.dimensions)
        let copy = StridedCopy(base: 0, sizes: axes.map(\.count), strides: zip(axes, input.strides).map { $0.step * $1 })
        #expect(copy.sizes == [8 * 9 * 7, 2])
        let everything = StridedCopy(base: 0, sizes: [2, 3, 4], strides: [12, 4, 1])
        #expect(everything.sizes == [24])
    }

    @Test func mistakesAreErrors() {
        expectStrataError(.invalidArgument, mentioning: ["steps [0] hold 0 for axis 0"]) {
            _ = try SliceOp(SliceConfiguration(starts: [0], ends: [1], steps: [0])).outputShape(for: [[3]])
        }
        expectStrataError(.invalidArgument, mentioning: ["axes [0, -2] name axis 0 twice"]) {
            _ = try SliceOp(SliceConfiguration(starts: [0, 0], ends: [1, 1], axes: [0, -2])).outputShape(for: [[3, 4]])
        }
        expectStrataError(.invalidArgument, mentioning: ["must have one length"]) {
            _ = try SliceOp(SliceConfiguration(starts: [0, 0], ends: [1])).outputShape(for: [[3, 4]])
        }
        expectStrataError(.invalidArgument, mentioning: ["slice axes value 2", "rank 2", "-2...1"]) {
            _ = try SliceOp(SliceConfiguration(starts: [0], ends: [1], axes: [2])).outputShape(for: [[3, 4]])
        }
    }
}
