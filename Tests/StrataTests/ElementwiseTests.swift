import Foundation
import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// Broadcasting add/mul, concat and softmax against the reference on seeded random shapes
/// (every broadcast pattern, every axis, negative axes), the named fast paths at sizes that
/// split over threads, in-place use, values by hand, and shape errors.
@Suite struct ElementwiseTests {
    static let seed: UInt64 = 20_261_203

    /// Runs add or mul and the matching reference; returns the comparison.
    static func binary(
        _ isAdd: Bool, _ a: [Float], _ aShape: [Int], _ b: [Float], _ bShape: [Int], workers: Int
    ) throws -> TensorComparison {
        let (sa, sb) = (try Shape(aShape), try Shape(bShape))
        let outputShape = try broadcastShape(sa, sb)
        let actual = withPointers([a, b]) { p in
            kernelOutput(count: outputShape.elementCount) {
                if isAdd { add(p[0], shape: sa, p[1], shape: sb, into: $0, workers: workers) }
                else { mul(p[0], shape: sa, p[1], shape: sb, into: $0, workers: workers) }
            }
        }
        let expected = try referenceOutput(of: BinaryOp(isAdd ? .add : .mul),
                                           inputs: [Tensor(shape: aShape, values: a), Tensor(shape: bShape, values: b)]).scalars
        return try compare(actual, expected, shape: outputShape.dimensions)
    }

    @Test func randomBroadcastsMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<300 {
            let output = randomDimensions(Array(repeating: 1...7, count: Int.random(in: 1...4, using: &rng)), using: &rng)
            // Each operand: some leading axes dropped, some sizes replaced by 1.
            func operand() -> [Int] {
                let dropped = Int.random(in: 0..<output.count, using: &rng)
                return output[dropped...].map { Int.random(in: 0...2, using: &rng) == 0 ? 1 : $0 }
            }
            let (aShape, bShape) = (operand(), operand())
            #expect(try broadcastShape(Shape(aShape), Shape(bShape)).dimensions == Reference.broadcastShape(aShape, bShape),
                    "seed \(Self.seed) case \(index) \(aShape) with \(bShape)")
            let a = randomFloats(aShape.reduce(1, *), using: &rng)
            let b = randomFloats(bShape.reduce(1, *), using: &rng)
            let workers = index % 3 + 1
            for isAdd in [true, false] {
                let comparison = try Self.binary(isAdd, a, aShape, b, bShape, workers: workers)
                #expect(comparison.relativeError <= opTolerance,
                        "seed \(Self.seed) case \(index) \(isAdd ? "add" : "mul") \(aShape) with \(bShape) workers \(workers): \(comparison)")
            }
        }
    }

    /// Each fast path, in both operand orders, large enough to split over 2 or 3 threads.
    static let fastPaths: [(String, [Int], [Int])] = [
        ("equal shapes", [2, 13, 50, 51], [2, 13, 50, 51]),
        ("per channel [1, C, 1, 1]", [2, 13, 50, 51], [1, 13, 1, 1]),
        ("per channel [C, 1, 1]", [3, 11, 47, 45], [11, 1, 1]),
        ("scalar", [2, 13, 50, 51], [1]),
        ("row along W", [2, 13, 50, 51], [51]),
        ("per image [N, 1, 1, 1]", [3, 5, 67, 67], [3, 1, 1, 1]),
        ("outer product [N, 1] with [1, M]", [300, 1], [1, 301]),
    ]

    @Test(arguments: fastPaths.indices)
    func fastPathsMatchReference(_ index: Int) throws {
        let (name, big, small) = Self.fastPaths[index]
        var rng = SeededGenerator(seed: Self.seed &+ UInt64(index))
        let x = randomFloats(big.reduce(1, *), using: &rng)
        let y = randomFloats(small.reduce(1, *), using: &rng)
        for workers in [1, 3] {
            for isAdd in [true, false] {
                for (a, aShape, b, bShape) in [(x, big, y, small), (y, small, x, big)] {
                    let comparison = try Self.binary(isAdd, a, aShape, b, bShape, workers: workers)
                    #expect(comparison.relativeError <= opTolerance,
                            "\(name) seed \(Self.seed &+ UInt64(index)) \(aShape) \(isAdd ? "+" : "·") \(bShape) workers \(workers): \(comparison)")
                }
            }
        }
    }

    /// A residual add and a per-channel scale written over their first operand.
    @Test func inPlaceOnFirstOperand() throws {
        var rng = SeededGenerator(seed: Self.seed + 10)
        let shape = [2, 13, 50, 51]
        let x = randomFloats(shape.reduce(1, *), using: &rng)
        for (bShape, isAdd) in [(shape, true), ([1, 13, 1, 1], false)] {
            let b = randomFloats(bShape.reduce(1, *), using: &rng)
            var values = x
            b.withUnsafeBufferPointer { bp in
                values.withUnsafeMutableBufferPointer { y in
                    let (sa, sb) = (try! Shape(shape), try! Shape(bShape))
                    if isAdd { add(y.baseAddress!, shape: sa, bp.baseAddress!, shape: sb, into: y.baseAddress!, workers: 2) }
                    else { mul(y.baseAddress!, shape: sa, bp.baseAddress!, shape: sb, into: y.baseAddress!, workers: 2) }
                }
            }
            let expected = try referenceOutput(of: BinaryOp(isAdd ? .add : .mul),
                                               inputs: [Tensor(shape: shape, values: x), Tensor(shape: bShape, values: b)]).scalars
            let comparison = try compare(values, expected, shape: shape)
            #expect(comparison.relativeError <= opTolerance, "seed \(Self.seed + 10) in place with \(bShape): \(comparison)")
        }
    }

    @Test func concatMatchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        for index in 0..<150 {
            let big = index == 0
            let rank = big ? 4 : Int.random(in: 1...4, using: &rng)
            let base = big ? [2, 1, 60, 61] : randomDimensions(Array(repeating: 1...6, count: rank), using: &rng)
            let axis = big ? 1 : Int.random(in: 0..<rank, using: &rng)
            // The first case: three channel blocks, large enough to split over 3 threads.
            let sizes = big ? [5, 7, 9] : (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 1...5, using: &rng) }
            let shapes = sizes.map { size in
                var shape = base
                shape[axis] = size
                return shape
            }
            let inputs = shapes.map { randomFloats($0.reduce(1, *), using: &rng) }
            let passedAxis = index % 2 == 0 ? axis : axis - rank
            let outputShape = try concatShape(shapes.map { try Shape($0) }, axis: passedAxis)
            let workers = big ? 3 : index % 3 + 1
            let actual = withPointers(inputs) { p in
                kernelOutput(count: outputShape.elementCount) {
                    concat(p, shapes: shapes.map { try! Shape($0) }, axis: passedAxis, into: $0, workers: workers)
                }
            }
            let expected = try referenceOutput(of: ConcatOp(axis: passedAxis),
                                               inputs: zip(inputs, shapes).map { try Tensor(shape: $1, values: $0) }).scalars
            // Concatenation only copies, so the result must be exact.
            #expect(actual == expected, "seed \(Self.seed + 1) case \(index) shapes \(shapes) axis \(passedAxis) workers \(workers)")
        }
    }

    @Test func softmaxMatchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 2)
        // The first cases are large: a long last axis (contiguous rows) and a channel axis
        // (strided columns), both split over threads.
        // The last has over 256 classes on a strided axis (its sums move from Float to Double).
        let fixed: [([Int], Int)] = [
            ([7, 4001], 1), ([1, 21, 67, 69], 1), ([3, 5, 9, 1001], -1), ([2, 3, 500, 7], 2), ([3, 300, 37], 1),
        ]
        for index in 0..<200 {
            let (shape, axis): ([Int], Int)
            if index < fixed.count {
                (shape, axis) = fixed[index]
            } else {
                shape = randomDimensions(Array(repeating: 1...9, count: Int.random(in: 1...4, using: &rng)), using: &rng)
                axis = Int.random(in: -shape.count..<shape.count, using: &rng)
            }
            let scale: Float = index % 5 == 0 ? 50 : 4
            let x = randomFloats(shape.reduce(1, *), low: -scale, high: scale, using: &rng)
            let (workers, inPlace) = (index < fixed.count ? 3 : index % 3 + 1, index % 4 == 1)
            let s = try softmaxShape(Shape(shape), axis: axis)
            let actual: [Float]
            if inPlace {
                var values = x
                values.withUnsafeMutableBufferPointer { softmax(UnsafePointer($0.baseAddress!), into: $0.baseAddress!, shape: s, axis: axis, workers: workers) }
                actual = values
            } else {
                actual = x.withUnsafeBufferPointer { p in
                    kernelOutput(count: x.count) { softmax(p.baseAddress!, into: $0, shape: s, axis: axis, workers: workers) }
                }
            }
            let expected = try referenceOutput(of: SoftmaxOp(axis: axis), inputs: [Tensor(shape: shape, values: x)]).scalars
            let comparison = try compare(actual, expected, shape: shape)
            #expect(comparison.relativeError <= opTolerance,
                    "seed \(Self.seed + 2) case \(index) shape \(shape) axis \(axis) workers \(workers) in place \(inPlace): \(comparison)")
        }
    }

    // MARK: - By hand

    @Test func broadcastingByHand() {
        // [1, 2, 3] (shape [3]) + [[10], [20]] (shape [2, 1]) → [[11, 12, 13], [21, 22, 23]].
        let sum = withPointers([[1, 2, 3], [10, 20]]) { p in
            kernelOutput(count: 6) { add(p[0], shape: [3], p[1], shape: [2, 1], into: $0, workers: 1) }
        }
        #expect(sum == [11, 12, 13, 21, 22, 23])
        // Per channel scale: [1, 2, 2, 1] times [1, 2, 1, 1] = [10, 100]: channel 0 · 10, channel 1 · 100.
        let product = withPointers([[1, 2, 3, 4], [10, 100]]) { p in
            kernelOutput(count: 4) { mul(p[0], shape: [1, 2, 2, 1], p[1], shape: [1, 2, 1, 1], into: $0, workers: 1) }
        }
        #expect(product == [10, 20, 300, 400])
    }

    @Test func concatAndSoftmaxByHand() throws {
        // Channels [1, 2] and [3] of a [1, 2, 1, 1] and a [1, 1, 1, 1] → [1, 2, 3].
        let joined = withPointers([[1, 2], [3]]) { p in
            kernelOutput(count: 3) { concat(p, shapes: [[1, 2, 1, 1], [1, 1, 1, 1]], axis: 1, into: $0, workers: 1) }
        }
        #expect(joined == [1, 2, 3])
        // Any zero- or non-zero-based collection of pointers: here a slice starting at index 1.
        let fromSlice = withPointers([[9], [1, 2], [3]]) { p in
            kernelOutput(count: 3) { concat(p[1...], shapes: [[1, 2, 1, 1], [1, 1, 1, 1]], axis: 1, into: $0, workers: 1) }
        }
        #expect(fromSlice == [1, 2, 3])
        #expect(try concatShape([[2, 3, 4], [2, 5, 4]], axis: -2) == [2, 8, 4])
        // softmax([0, ln 3]) = [1, 3] / 4 = [0.25, 0.75]; [1000, 1000, 1000, 1000] → 0.25 each
        // without overflowing e^1000, because the maximum is subtracted first.
        let x: [Float] = [0, Float(log(3.0)), 1000, 1000, 1000, 1000]
        let y = x.withUnsafeBufferPointer { p in
            kernelOutput(count: 6) {
                softmax(p.baseAddress!, into: $0, shape: [2], workers: 1)
                softmax(p.baseAddress! + 2, into: $0 + 2, shape: [4], workers: 1)
            }
        }
        let expected: [Float] = [0.25, 0.75, 0.25, 0.25, 0.25, 0.25]
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(y)")
    }

    // MARK: - Errors

    @Test func broadcastMismatchNamesBothShapes() {
        expectStrataError(.shapeMismatch, mentioning: ["[2, 3, 4]", "[5, 4]", "3 and 5", "axis 1"]) {
            _ = try broadcastShape([2, 3, 4], [5, 4])
        }
        expectStrataError(.shapeMismatch, mentioning: ["[1, 3, 8, 8]", "[4]", "8 and 4"]) {
            _ = try broadcastShape([1, 3, 8, 8], [4])
        }
    }

    @Test func concatMismatches() {
        expectStrataError(.shapeMismatch, mentioning: ["input 2", "[1, 4, 8, 9]", "[1, 3, 8, 8]", "axis 3 has 9 vs 8"]) {
            _ = try concatShape([[1, 3, 8, 8], [1, 5, 8, 8], [1, 4, 8, 9]], axis: 1)
        }
        expectStrataError(.shapeMismatch, mentioning: ["input 1", "[3, 8]", "rank 2", "expected rank 4"]) {
            _ = try concatShape([[1, 3, 8, 8], [3, 8]], axis: 1)
        }
        expectStrataError(.invalidArgument, mentioning: ["axis 4", "[1, 3, 8, 8]", "-4...3"]) {
            _ = try concatShape([[1, 3, 8, 8]], axis: 4)
        }
        expectStrataError(.invalidArgument, mentioning: ["at least one input"]) { _ = try concatShape([], axis: 0) }
    }

    @Test func softmaxAxisOutOfRange() {
        expectStrataError(.invalidArgument, mentioning: ["softmax axis -3", "[2, 10]", "-2...1"]) {
            _ = try softmaxShape([2, 10], axis: -3)
        }
    }
}
