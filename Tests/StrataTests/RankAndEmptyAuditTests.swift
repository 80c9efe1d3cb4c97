import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// Every op on rank 0, rank 5-8 and empty inputs: it either computes what its reference
/// computes (through ``GraphRunner`` and a compiled graph, 1 and 2 workers) or throws a
/// `StrataError` from `outputShape(for:)` that says what was expected. Never a trap.
/// Where an empty input gives a non-empty output (Concat, Pad, Linear with no features),
/// the values are also checked by hand.
@Suite struct RankAndEmptyAuditTests {
    static let seed: UInt64 = 20_261_131

    /// Runs `op` on inputs of these shapes (seeded values) and compares both runners with
    /// the op's reference; returns the runner's output.
    @discardableResult
    static func check(_ op: any GraphOp, _ shapes: [[Int]], low: Float = -1, sourceLocation: SourceLocation = #_sourceLocation) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        let inputs = try shapes.map { try Tensor.uniform($0, low: low, high: 1, using: &rng) }
        let expected = try referenceOutput(of: op, inputs: inputs)
        var output = expected
        for workers in [1, 2] {
            let (runner, compiled) = try runThroughGraphs(op, inputs, workers: workers)
            for (name, actual) in [("runner", runner), ("compiled", compiled)] {
                let comparison = try actual.compared(with: expected)
                #expect(comparison.relativeError <= opTolerance,
                        "\(op.opName) on \(shapes) \(name) workers \(workers): \(comparison)", sourceLocation: sourceLocation)
            }
            output = runner
        }
        return output
    }

    static func channels(_ count: Int, _ value: Float) throws -> Tensor { try Tensor(shape: [count], repeating: value) }

    // MARK: - Ops that work at any rank

    @Test func activationsAtEveryRank() throws {
        for shape in [[], [2, 1, 3, 1, 2, 3], [2, 1, 1, 3, 1, 1, 1, 3], [0, 3], [2, 0, 1, 1, 1]] {
            try Self.check(ActivationOp(.relu), [shape])
            try Self.check(ActivationOp(.sigmoid), [shape])
        }
    }

    @Test func softmaxAtEveryRankAndAxis() throws {
        try Self.check(SoftmaxOp(axis: 3), [[2, 3, 1, 4, 2, 3]])
        try Self.check(SoftmaxOp(axis: -1), [[2, 1, 2, 1, 3, 1, 2, 5]])
        try Self.check(SoftmaxOp(axis: 0), [[3, 1, 2, 1, 2]])
        try Self.check(SoftmaxOp(axis: 1), [[2, 0, 3]])   // empty: nothing to normalize
        try Self.check(SoftmaxOp(axis: 0), [[0]])
        // onnxruntime: "Input rank must be >= 1 for Softmax".
        expectStrataError(.invalidShape, mentioning: ["softmax", "scalar", "rank >= 1"]) {
            _ = try SoftmaxOp().outputShape(for: [[]])
        }
    }

    /// The elementwise family's ops: Where's three-way broadcast, the new binary kinds and
    /// LogSoftmax/Hardmax at rank 0, 5-8 and with empty inputs.
    @Test func elementwiseFamilyAtEveryRank() throws {
        for shape in [[], [2, 1, 3, 1, 2, 3], [2, 1, 1, 3, 1, 1, 1, 3], [0, 3], [2, 0, 1, 1, 1]] {
            try Self.check(ActivationOp(.mish), [shape])
            try Self.check(ActivationOp(.round), [shape])
            try Self.check(BinaryOp(.max), [shape, shape])
            try Self.check(WhereOp(), [shape, shape, []])
        }
        try Self.check(WhereOp(), [[], [], []])
        try Self.check(WhereOp(), [[2, 1, 3, 1, 2, 1, 1, 3], [1, 2, 1], [3, 1, 1, 1, 1]])
        try Self.check(WhereOp(), [[0, 1], [1, 3], [1]])
        try Self.check(BinaryOp(.less), [[2, 0, 3], [1, 3]])
        try Self.check(LogSoftmaxOp(axis: 3), [[2, 3, 1, 4, 2, 3]])
        try Self.check(HardmaxOp(axis: -1), [[2, 1, 2, 1, 3, 1, 2, 5]])
        try Self.check(LogSoftmaxOp(axis: 1), [[2, 0, 3]])
        try Self.check(HardmaxOp(axis: 0), [[0]])
        expectStrataError(.invalidShape, mentioning: ["scalar"]) { _ = try LogSoftmaxOp().outputShape(for: [[]]) }
        expectStrataError(.invalidShape, mentioning: ["scalar"]) { _ = try HardmaxOp().outputShape(for: [[]]) }
        expectStrataError(.shapeMismatch, mentioning: ["Where", "[2, 3]", "[3, 2]"]) { _ = try WhereOp().outputShape(for: [[2, 3], [3, 2], []]) }
    }

    @Test func concatWithEmptyInputs() throws {
        // [2, 0, 3] and [2, 4, 3] along axis 1: only the second input's values.
        let y = try Self.check(ConcatOp(axis: 1), [[2, 0, 3], [2, 4, 3]])
        #expect(y.shape == [2, 4, 3])
        var rng = SeededGenerator(seed: Self.seed)
        _ = try Tensor.uniform([2, 0, 3], low: -1, high: 1, using: &rng)
        #expect(y.scalars == (try Tensor.uniform([2, 4, 3], low: -1, high: 1, using: &rng)).scalars)
        try Self.check(ConcatOp(axis: -1), [[2, 3, 0], [2, 3, 2], [2, 3, 0], [2, 3, 1]])
        try Self.check(ConcatOp(axis: 4), [[2, 1, 2, 1, 3, 1, 2], [2, 1, 2, 1, 1, 1, 2]])
        try Self.check(ConcatOp(axis: 0), [[0, 2], [0, 2]])
        expectStrataError(.invalidShape, mentioning: ["concat", "scalar", "rank >= 1"]) {
            _ = try ConcatOp(axis: 0).outputShape(for: [[], []])
        }
    }

    @Test func identityFlattenAndConstant() throws {
        try Self.check(IdentityOp(reshapingTo: []), [[1, 1]])
        try Self.check(IdentityOp(reshapingTo: [1, 1, 1, 1, 1, 1, 1, 1]), [[]])
        try Self.check(IdentityOp(reshapingTo: [3, 0]), [[0, 5]])
        #expect(try Self.check(FlattenOp(), [[2, 3, 1, 2, 1, 2]]).shape == [2, 12])
        #expect(try Self.check(FlattenOp(), [[0, 3, 4]]).shape == [0, 12])
        #expect(try Self.check(FlattenOp(), [[3, 0, 2]]).shape == [3, 0])
        expectStrataError(.invalidShape, mentioning: ["flatten", "scalar"]) { _ = try FlattenOp().outputShape(for: [[]]) }
        // An empty constant next to a rank-0 one.
        let graph = try Graph(inputName: "x", inputShape: [2], nodes: [
            .init(name: "nothing", op: ConstantOp(try Tensor(shape: [0, 2], values: [])), inputs: []),
            .init(name: "three", op: ConstantOp(try Tensor(shape: [], values: [3])), inputs: []),
            .init(name: "empty", op: BinaryOp(.add), inputs: ["nothing", "x"]),
            .init(name: "y", op: BinaryOp(.mul), inputs: ["x", "three"]),
        ], outputs: ["y", "empty"])
        let x = try Tensor(shape: [2], values: [1, -2])
        for workers in [1, 2] {
            let outputs = try graph.compiled(workers: workers).run(["x": x])
            #expect(outputs["y"]?.scalars == [3, -6] && outputs["empty"]?.shape == [0, 2])
            #expect(try GraphRunner(graph, workers: workers).run(["x": x])["y"]?.scalars == [3, -6])
        }
        #expect(try graph.findDivergence(inputs: ["x": x]).firstDivergent == nil)
    }

    /// Padding an empty plane gives a plane of the pad value.
    @Test func padOfEmptyPlanes() throws {
        let rows = try Self.check(PadOp(Padding2D(top: 1, left: 0, bottom: 1, right: 0), value: 2), [[1, 2, 0, 3]])
        #expect(rows.shape == [1, 2, 2, 3] && rows.scalars == Array(repeating: 2, count: 12))
        let columns = try Self.check(PadOp(Padding2D(top: 0, left: 1, bottom: 0, right: 2), value: -1), [[1, 1, 2, 0]])
        #expect(columns.shape == [1, 1, 2, 3] && columns.scalars == Array(repeating: -1, count: 6))
        try Self.check(PadOp(.all(1)), [[0, 2, 3, 3]])
        // Spatial amounts are four axes' worth; other ranks need their own amounts.
        for shape in [[], [1, 2, 3], [1, 1, 2, 3, 3]] {
            expectStrataError(.invalidArgument, mentioning: ["pad amounts", "expected \(shape.count) of each"]) {
                _ = try PadOp(.all(1)).outputShape(for: [Shape(shape)])
            }
        }
        let five = try Self.check(PadOp(PadConfiguration(begins: [0, 0, 1, 0, 0], ends: [0, 0, 0, 0, 1], value: 4)), [[1, 1, 0, 2, 1]])
        #expect(five.shape == [1, 1, 1, 2, 2] && five.scalars == Array(repeating: 4, count: 4))
    }

    /// `x[2, 0] · W[3, 0]ᵀ + b` is the empty sum plus the bias: b on every row (Gemm in
    /// onnxruntime gives the same).
    @Test func linearWithNoFeatures() throws {
        let bias = try Tensor(shape: [3], values: [1, 2, 3])
        let y = try Self.check(LinearOp(weight: Tensor(shape: [3, 0], values: []), bias: bias), [[2, 0]])
        #expect(y.scalars == [1, 2, 3, 1, 2, 3])
        let unbiased = try Self.check(LinearOp(weight: Tensor(shape: [3, 0], values: []), bias: nil, activation: .relu), [[2, 0]])
        #expect(unbiased.scalars == Array(repeating: 0, count: 6))
        var rng = SeededGenerator(seed: Self.seed)
        try Self.check(LinearOp(weight: Tensor.uniform([3, 4], using: &rng), bias: bias), [[0, 4]])
        for shape in [[], [2, 1, 1, 1, 4]] {
            expectStrataError(.invalidShape, mentioning: ["linear", "expected rank 2"]) {
                _ = try LinearOp(weight: Tensor.uniform([3, 4], using: &rng), bias: nil).outputShape(for: [Shape(shape)])
            }
        }
    }

    @Test func normalizationsAtRanksTwoToEight() throws {
        var rng = SeededGenerator(seed: Self.seed)
        func parameters(_ count: Int) throws -> (Tensor, Tensor) {
            (try Tensor.uniform([count], low: 0.5, high: 1.5, using: &rng), try Tensor.uniform([count], low: -1, high: 1, using: &rng))
        }
        let (w, b) = try parameters(4)
        let (variance, mean) = try parameters(4)
        let batchNorm = try BatchNormOp(weight: w, bias: b, runningMean: mean, runningVariance: variance)
        for shape in [[2, 4], [2, 4, 3, 1, 2], [1, 4, 2, 1, 1, 2, 1, 3], [0, 4, 3], [2, 4, 0, 5]] {
            try Self.check(batchNorm, [shape])
        }
        let (gamma, beta) = try parameters(4)
        for shape in [[2, 4, 3, 1, 2], [1, 4, 2, 1, 1, 2, 1, 3], [2, 4, 0, 2]] {
            try Self.check(NormalizationOp(.group(2), gamma: gamma, beta: beta), [shape])
            try Self.check(NormalizationOp(.instance, gamma: gamma, beta: beta), [shape])
        }
        let (layerGamma, layerBeta) = try parameters(3 * 2)
        try Self.check(NormalizationOp(.layer, gamma: layerGamma.reshaped([3, 1, 2]), beta: layerBeta.reshaped([3, 1, 2])), [[2, 3, 1, 2]])
        try Self.check(NormalizationOp(.layer, gamma: layerGamma.reshaped([3, 2, 1, 1, 1]), beta: layerBeta.reshaped([3, 2, 1, 1, 1])),
                       [[2, 3, 2, 1, 1, 1]])
        try Self.check(NormalizationOp(.layer, gamma: Tensor(shape: [0, 2], values: []), beta: Tensor(shape: [0, 2], values: [])), [[2, 0, 2]])
        for shape in [[], [4]] {
            expectStrataError(.invalidShape, mentioning: ["batch norm", "rank \(shape.count)", "expected rank 2 to 8"]) {
                _ = try batchNorm.outputShape(for: [Shape(shape)])
            }
            expectStrataError(.invalidShape, mentioning: ["group norm", "rank \(shape.count)"]) {
                _ = try NormalizationOp(.group(2), gamma: gamma, beta: beta).outputShape(for: [Shape(shape)])
            }
        }
        expectStrataError(.invalidShape, mentioning: ["layer norm", "scalar"]) {
            _ = try NormalizationOp(.layer, gamma: layerGamma, beta: layerBeta).outputShape(for: [[]])
        }
    }

    /// The public kernels return at once on an empty tensor (the runners skip such nodes,
    /// but a direct caller may not): no division by a zero plane or row count.
    @Test func kernelsLeaveEmptyTensorsAlone() {
        let one: [Float] = [42]
        var out: [Float] = [7]
        one.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                let (x, y) = (x.baseAddress!, y.baseAddress!)
                softmax(x, into: y, shape: [3, 0, 2], axis: 0, workers: 2)
                softmax(x, into: y, shape: [0, 5], axis: 1, workers: 2)
                batchNormInference(x, into: y, shape: [0, 1, 3], scale: x, shift: x, mean: x, variance: x, epsilon: 0, workers: 2)
                groupNorm(x, into: y, shape: [2, 0, 3], groups: 1, gamma: nil, beta: nil, epsilon: 1e-5, workers: 2)
                layerNorm(x, into: y, shape: [0, 3], axis: 1, gamma: nil, beta: nil, epsilon: 1e-5, workers: 2)
                layerNorm(x, into: y, shape: [2, 0], axis: 1, gamma: nil, beta: nil, epsilon: 1e-5, workers: 2)
                add(x, shape: [0, 3], x, shape: [], into: y, workers: 2)
                transpose(x, shape: [4, 0, 2], perm: [2, 1, 0], into: y, workers: 2)
            }
        }
        #expect(out == [7])
    }

    // MARK: - Window ops: NCHW only; an empty batch works, an empty plane is an error

    @Test func windowOpsOnEmptyBatchesAndOtherRanks() throws {
        var rng = SeededGenerator(seed: Self.seed)
        let configuration = Conv2dConfiguration(inChannels: 2, outChannels: 3, kernel: 3, padding: .symmetric(1))
        let conv = try ConvOp(configuration, weight: Tensor.uniform(configuration.weightDimensions, using: &rng), bias: nil)
        let maxPool = PoolOp(.max(kernel: 2, stride: 2))
        let globalPool = GlobalPoolOp(kind: .average)
        for op in [conv, maxPool, globalPool] as [any GraphOp] {
            #expect(try Self.check(op, [[0, 2, 5, 4]]).shape.dimensions.first == 0, "\(op.opName)")
            for shape in [[], [2, 5, 4], [1, 2, 1, 5, 4]] {
                expectStrataError(.invalidShape, mentioning: ["input has shape \(try Shape(shape))", "rank 4"]) {
                    _ = try op.outputShape(for: [Shape(shape)])
                }
            }
            for shape in [[1, 2, 0, 4], [1, 2, 5, 0]] {
                expectStrataError(.invalidShape, mentioning: ["\(try Shape(shape))", "empty plane", "expected H and W >= 1"]) {
                    _ = try op.outputShape(for: [Shape(shape)])
                }
            }
        }
        // No channels: nothing to pool, an empty output (a convolution would need C = 2).
        #expect(try Self.check(maxPool, [[1, 0, 4, 4]]).shape == [1, 0, 2, 2])
        #expect(try Self.check(globalPool, [[1, 0, 4, 4]]).shape == [1, 0, 1, 1])
    }

    @Test func binaryOpsOnScalarsAndEmptyTensors() throws {
        try Self.check(BinaryOp(.add), [[], []])
        try Self.check(BinaryOp(.div), [[2, 1, 3, 1, 2], []], low: 0.5)
        try Self.check(BinaryOp(.prelu), [[0, 3], [1, 3]])
        expectStrataError(.shapeMismatch, mentioning: ["[0, 3]", "[2, 3]", "0 and 2"]) {
            _ = try BinaryOp(.add).outputShape(for: [[0, 3], [2, 3]])
        }
    }

    @Test func transposeOfScalarsAndEmptyTensors() throws {
        try Self.check(TransposeOp(), [[]])
        try Self.check(TransposeOp(perm: []), [[]])
        try Self.check(TransposeOp(perm: [2, 0, 1]), [[2, 0, 3]])
        try Self.check(TransposeOp(perm: [4, 3, 2, 1, 0, 5]), [[2, 1, 3, 2, 1, 3]])
    }
}
