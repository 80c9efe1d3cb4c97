import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Constant folding as a whole: the shared index walk against a naive reference, shape
/// chains as exporters write them run through `Model.run` at two input sizes, and hostile
/// values for every fold that must end in an ``ONNXImportError``, never a crash
/// (ONNXFoldingHostileTests). The per-op cases are in
/// ONNXFolding{Arithmetic,Unary,Reduce,Shape,Movement}Tests.
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

    // MARK: Shape chains, end to end

    /// x [1, 2, h, w] with symbolic h and w, opset 13.
    static func symbolicModel(_ nodes: [Onnx_NodeProto], _ initializers: [Onnx_TensorProto]) throws -> Model {
        var model = F.model(nodes: nodes, initializers: initializers, output: "y", opset: 13)
        model.graph.input = [F.valueInfo("x", symbolic: [1, 2, "h", "w"])]
        return try ONNXImporter.load(bytes: F.bytes(model))
    }

    static func int64(_ name: String, _ dims: [Int64], _ values: [Int64]) -> Onnx_TensorProto { F.tensor(name, .int64, dims: dims, ints: values) }

    /// Runs at `h`, `w` on x = arange · 0.25 − 1 and compares with onnxruntime's output.
    static func expectRun(_ model: Model, h: Int, w: Int, dims: [Int], _ expected: [Float], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let x = try Tensor(shape: [1, 2, h, w], values: (0..<(2 * h * w)).map { Float($0) * 0.25 - 1 })
        let y = try #require(try model.run(["x": x])["y"], sourceLocation: sourceLocation)
        #expect(y.shape.dimensions == dims, sourceLocation: sourceLocation)
        let worst = zip(y.scalars, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(y.scalars.count == expected.count && worst <= 1e-6, "got \(y.scalars)", sourceLocation: sourceLocation)
    }

    @Test func pytorchDynamicFlattenChain() throws {
        // x.view(x.size(0), -1): Shape → Gather(0) → Unsqueeze → Concat with [-1] → Reshape
        let model = try Self.symbolicModel([
            F.node("Shape", ["x"], "s"), F.node("Gather", ["s", "zero"], "n", attributes: ["axis": .int(0)]),
            F.node("Unsqueeze", ["n", "axes0"], "u"), F.node("Concat", ["u", "minus1"], "c", attributes: ["axis": .int(0)]),
            F.node("Reshape", ["x", "c"], "y"),
        ], [Self.int64("zero", [], [0]), Self.int64("axes0", [1], [0]), Self.int64("minus1", [1], [-1])])
        // onnxruntime 1.32, Scripts/fold-expectations e2e (e2e_flatten)
        try Self.expectRun(model, h: 2, w: 3, dims: [1, 12], (0..<12).map { Float($0) * 0.25 - 1 })
        try Self.expectRun(model, h: 3, w: 4, dims: [1, 24], (0..<24).map { Float($0) * 0.25 - 1 })
        #expect(model.planStatistics.plans == 2)
    }

    @Test func yoloAnchorGridChain() throws {
        // grid[c, i, j] = ((j / w, i / h)[c] + 0.5) · 8, added to x: Shape → Gather → Range →
        // Cast → Div → Unsqueeze → Expand → Concat → Add/Mul with float constants.
        func pair(_ op: String, _ a: (String, String), _ outputs: (String, String), _ rest: [String] = [],
                  _ attributes: [String: F.Attribute] = [:]) -> [Onnx_NodeProto] {
            [F.node(op, [a.0] + rest, outputs.0, attributes: attributes), F.node(op, [a.1] + rest, outputs.1, attributes: attributes)]
        }
        var nodes = [F.node("Shape", ["x"], "s"),
                     F.node("Gather", ["s", "two"], "hs", attributes: ["axis": .int(0)]),
                     F.node("Gather", ["s", "three"], "ws", attributes: ["axis": .int(0)]),
                     F.node("Range", ["zero", "hs", "one"], "ry"), F.node("Range", ["zero", "ws", "one"], "rx")]
        nodes += pair("Cast", ("ry", "rx"), ("ryf", "rxf"), [], ["to": .int(1)]) + pair("Cast", ("hs", "ws"), ("hf", "wf"), [], ["to": .int(1)])
        nodes += [F.node("Div", ["ryf", "hf"], "gy"), F.node("Div", ["rxf", "wf"], "gx"),
                  F.node("Unsqueeze", ["gy", "axes1"], "gy2"), F.node("Unsqueeze", ["gx", "axes0"], "gx2")]
        nodes += pair("Unsqueeze", ("hs", "ws"), ("hs1", "ws1"), ["axes0"])
        nodes += [F.node("Concat", ["hs1", "ws1"], "hw", attributes: ["axis": .int(0)]),
                  F.node("Expand", ["gy2", "hw"], "ye"), F.node("Expand", ["gx2", "hw"], "xe")]
        nodes += pair("Unsqueeze", ("xe", "ye"), ("xe3", "ye3"), ["axes0"])
        nodes += [F.node("Concat", ["xe3", "ye3"], "grid", attributes: ["axis": .int(0)]),
                  F.node("Add", ["grid", "half"], "centered"), F.node("Mul", ["centered", "stride"], "anchors"),
                  F.node("Unsqueeze", ["anchors", "axes0"], "a4"), F.node("Add", ["x", "a4"], "y")]
        let model = try Self.symbolicModel(nodes, [
            Self.int64("two", [], [2]), Self.int64("three", [], [3]), Self.int64("zero", [], [0]), Self.int64("one", [], [1]),
            Self.int64("axes0", [1], [0]), Self.int64("axes1", [1], [1]),
            F.tensor("half", .float, dims: [], floats: [0.5]), F.tensor("stride", .float, dims: [], floats: [8]),
        ])
        // onnxruntime 1.32, Scripts/fold-expectations e2e (e2e_grid)
        try Self.expectRun(model, h: 2, w: 3, dims: [1, 2, 2, 3], [
            3.0, 5.9166669845581055, 8.833333969116211, 3.75, 6.6666669845581055, 9.583333969116211,
            4.5, 4.75, 5.0, 9.25, 9.5, 9.75,
        ])
        try Self.expectRun(model, h: 3, w: 4, dims: [1, 2, 3, 4], [
            3.0, 5.25, 7.5, 9.75, 4.0, 6.25, 8.5, 10.75, 5.0, 7.25, 9.5, 11.75,
            6.0, 6.25, 6.5, 6.75, 9.666666984558105, 9.916666984558105, 10.166666984558105, 10.416666984558105,
            13.333333969116211, 13.583333969116211, 13.833333969116211, 14.083333969116211,
        ])
        // The whole grid folded: the compiled graph is the input, one constant and the add.
        let graph = try model.graph(for: ["x": [1, 2, 3, 4]])
        #expect(graph.nodes.map(\.op.opName).sorted() == ["Add", "Constant", "Input"], "\(graph.nodes.map(\.op.opName))")
    }
}
