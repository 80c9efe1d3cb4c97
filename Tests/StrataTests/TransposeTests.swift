@testable import Strata
import StrataReference
import Testing

/// N-D transpose (ONNX Transpose) against `Reference.transpose`: random ranks 1-8 and
/// permutations on odd sizes with 1 and 2 workers, the named layouts (NCHW ↔ NHWC,
/// channel shuffle) with the algorithm each must take, scalars, empty tensors, both
/// graph runners, and perm errors. A transpose only moves data, so results must be exact.
@Suite struct TransposeTests {
    static let seed: UInt64 = 20_261_130

    /// The fast kernel on a plain array.
    static func kernel(_ x: [Float], _ shape: [Int], _ perm: [Int], workers: Int) throws -> [Float] {
        let s = try Shape(shape)
        let count = try transposeShape(s, perm: perm).elementCount
        return x.withUnsafeBufferPointer { p in
            kernelOutput(count: count) { transpose(p.baseAddress!, shape: s, perm: perm, into: $0, workers: workers) }
        }
    }

    static func algorithm(_ shape: [Int], _ perm: [Int]) throws -> TransposeLoops.Algorithm {
        TransposeLoops(shape: try Shape(shape), perm: perm).algorithm
    }

    @Test func randomPermutationsMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        var seen: [TransposeLoops.Algorithm: Int] = [:]
        for index in 0..<400 {
            let rank = Int.random(in: 1...8, using: &rng)
            let shape = randomNDDimensions(rank: rank, using: &rng)
            let perm = Array(0..<rank).shuffled(using: &rng)
            let x = (0..<shape.reduce(1, *)).map { Float($0) }   // every element distinct
            let expected = Reference.transpose(x, shape: shape, perm: perm)
            seen[try Self.algorithm(shape, perm), default: 0] += 1
            for workers in [1, 2] {
                let actual = try Self.kernel(x, shape, perm, workers: workers)
                #expect(actual == expected, "seed \(Self.seed) case \(index): \(shape) perm \(perm) workers \(workers)")
            }
        }
        #expect(seen.count == 3, "algorithms exercised: \(seen)")
    }

    /// Named layouts, some large enough to split over 2 threads, with the algorithm each takes.
    static let named: [(name: String, shape: [Int], perm: [Int], algorithm: TransposeLoops.Algorithm)] = [
        ("NCHW → NHWC", [2, 16, 9, 13], [0, 2, 3, 1], .tiles),
        ("NCHW → NHWC, one image, 2 threads", [1, 32, 56, 56], [0, 2, 3, 1], .tiles),
        ("NHWC → NCHW", [2, 9, 13, 16], [0, 3, 1, 2], .tiles),
        ("NHWC → NCHW, 3 channels", [1, 224, 100, 3], [0, 3, 1, 2], .tiles),
        ("channel shuffle", [2, 2, 58, 7, 7], [0, 2, 1, 3, 4], .rows),
        ("channel shuffle, 2 threads", [1, 2, 58, 28, 28], [0, 2, 1, 3, 4], .rows),
        ("matrix", [33, 40], [1, 0], .tiles),
        ("matrix of whole 4x4 blocks", [64, 96], [1, 0], .tiles),
        ("identity", [3, 4, 5], [0, 1, 2], .copy),
        ("identity after dropping size-1 axes", [1, 5, 1, 7], [2, 0, 1, 3], .copy),
        ("reversed rank 8", [2, 3, 2, 3, 2, 3, 2, 3], Array((0..<8).reversed()), .tiles),
        ("rank 8, last axis kept", [3, 2, 3, 2, 3, 2, 3, 5], [6, 4, 2, 0, 1, 3, 5, 7], .rows),
        ("short runs", [300, 200, 2], [1, 0, 2], .rows),
    ]

    @Test(arguments: named.indices)
    func namedLayoutsMatchReference(_ index: Int) throws {
        let (name, shape, perm, algorithm) = Self.named[index]
        #expect(try Self.algorithm(shape, perm) == algorithm, "\(name)")
        var rng = SeededGenerator(seed: Self.seed &+ UInt64(index))
        let x = randomFloats(shape.reduce(1, *), using: &rng)
        let expected = Reference.transpose(x, shape: shape, perm: perm)
        for workers in [1, 2] {
            #expect(try Self.kernel(x, shape, perm, workers: workers) == expected, "\(name) \(shape) perm \(perm) workers \(workers)")
        }
    }

    /// [[1, 2, 3], [4, 5, 6]] → [[1, 4], [2, 5], [3, 6]]; a [2, 1, 2] block [[[1, 2]], [[3, 4]]]
    /// with perm [2, 1, 0] → [[[1, 3]], [[2, 4]]]; a scalar stays itself.
    @Test func byHand() throws {
        #expect(try Self.kernel([1, 2, 3, 4, 5, 6], [2, 3], [1, 0], workers: 1) == [1, 4, 2, 5, 3, 6])
        #expect(try Self.kernel([1, 2, 3, 4], [2, 1, 2], [2, 1, 0], workers: 1) == [1, 3, 2, 4])
        #expect(try Self.kernel([7], [], [], workers: 2) == [7])
        // transpose2D: [[1, 2], [3, 4], [5, 6]] → [[1, 3, 5], [2, 4, 6]].
        let transposed = kernelOutput(count: 6) { transpose2D([1, 2, 3, 4, 5, 6], into: $0, rows: 3, columns: 2) }
        #expect(transposed == [1, 3, 5, 2, 4, 6])
    }

    @Test func defaultPermReversesTheAxes() throws {
        #expect(try TransposeOp().outputShape(for: [[2, 3, 4]]) == [4, 3, 2])
        #expect(try TransposeOp().outputShape(for: [[]]) == [])
        #expect(TransposeOp().permutation(rank: 3) == [2, 1, 0])
        #expect(try TransposeOp(perm: [0, 2, 1]).outputShape(for: [[2, 3, 4]]) == [2, 4, 3])
    }

    @Test func emptyTensors() throws {
        #expect(try transposeShape([2, 0, 3], perm: [2, 0, 1]) == [3, 2, 0])
        #expect(try Self.kernel([], [2, 0, 3], [2, 0, 1], workers: 2) == [])
        let input = try Tensor(shape: [0, 4], values: [])
        for workers in [1, 2] {
            let (runner, compiled) = try runThroughGraphs(TransposeOp(), [input], workers: workers)
            #expect(runner.shape == [4, 0] && compiled.shape == [4, 0])
        }
    }

    @Test func badPermutationsAreErrors() {
        expectStrataError(.invalidArgument, mentioning: ["perm [1, 0]", "[2, 3, 4]", "rank 3", "[0, 1, 2]"]) {
            _ = try TransposeOp(perm: [1, 0]).outputShape(for: [[2, 3, 4]])
        }
        expectStrataError(.invalidArgument, mentioning: ["perm [0, 0]", "[2, 3]", "each axis exactly once"]) {
            _ = try TransposeOp(perm: [0, 0]).outputShape(for: [[2, 3]])
        }
        expectStrataError(.invalidArgument, mentioning: ["perm [-1, 0]", "[2, 3]"]) {
            _ = try TransposeOp(perm: [-1, 0]).outputShape(for: [[2, 3]])
        }
        expectStrataError(.invalidArgument, mentioning: ["perm [0]", "[]", "rank 0"]) {
            _ = try TransposeOp(perm: [0]).outputShape(for: [[]])
        }
    }

    /// Random cases through ``GraphRunner`` and compiled graphs, plus a chain that a
    /// compiled graph plans into its arena: NCHW → NHWC → (+ 1) → NCHW.
    @Test func graphRunnersMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        for index in 0..<40 {
            let rank = index == 0 ? 0 : Int.random(in: 1...8, using: &rng)
            let shape = randomNDDimensions(rank: rank, using: &rng)
            let perm = Array(0..<rank).shuffled(using: &rng)
            let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
            let expected = Reference.transpose(x.scalars, shape: shape, perm: perm)
            for workers in [1, 2] {
                let (runner, compiled) = try runThroughGraphs(TransposeOp(perm: perm), [x], workers: workers)
                #expect(runner.shape.dimensions == perm.map { shape[$0] } && runner.scalars == expected,
                        "seed \(Self.seed + 1) case \(index) runner \(shape) perm \(perm) workers \(workers)")
                #expect(compiled.shape == runner.shape && compiled.scalars == expected,
                        "seed \(Self.seed + 1) case \(index) compiled \(shape) perm \(perm) workers \(workers)")
            }
        }
        let shape = [2, 5, 7, 3]
        let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
        let graph = try Graph(inputName: "x", inputShape: Shape(shape), nodes: [
            .init(name: "nhwc", op: TransposeOp(perm: [0, 2, 3, 1]), inputs: ["x"]),
            .init(name: "one", op: ConstantOp(try Tensor(shape: [], values: [1])), inputs: []),
            .init(name: "shifted", op: BinaryOp(.add), inputs: ["nhwc", "one"]),
            .init(name: "nchw", op: TransposeOp(perm: [0, 3, 1, 2]), inputs: ["shifted"]),
        ], outputs: ["nchw"])
        let expected = Reference.add(x.scalars, shape: shape, [1], shape: [])
        for workers in [1, 2] {
            #expect(try graph.compiled(workers: workers).run(x).output.scalars == expected, "chain, workers \(workers)")
        }
    }
}
