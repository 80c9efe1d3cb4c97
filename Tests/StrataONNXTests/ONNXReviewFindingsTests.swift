import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Inputs a reviewer found that crashed the import or were handled wrongly, each pinned to
/// its right result: sizes from the file that overflowed, memory limits, failures further
/// down a chain, opset forms.
@Suite struct ONNXReviewFindingsTests {
    typealias F = ONNXModelFactory
    static let big = Int64.max, small = Int64.min

    func expectImportError(_ fragments: [String], _ model: Onnx_ModelProto, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: ONNXImportError.self, sourceLocation: sourceLocation) { _ = try ONNXImporter.load(bytes: F.bytes(model)) }
        for fragment in fragments where error != nil {
            #expect(error!.description.contains(fragment), "\"\(error!)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    }

    static func oneNode(_ op: String, _ inputs: [String], attributes: [String: F.Attribute], initializers: [Onnx_TensorProto] = [],
                        input: [Int64?] = [1, 2, 5, 5], opset: Int64 = 13) -> Onnx_ModelProto {
        F.model(input: input, nodes: [F.node(op, inputs, "y", attributes: attributes)], initializers: initializers, output: "y", opset: opset)
    }

    static let weight = F.tensor("w", dims: [1, 2, 3, 3], values: [Float](repeating: 1, count: 18))

    /// Each of these trapped on an overflow in window arithmetic or Pad; now a clear error.
    @Test func hugeWindowAttributesAreErrors() {
        let cases: [(String, [String], [String: F.Attribute], [Onnx_TensorProto], [Int64?])] = [
            ("Conv", ["x", "w"], ["pads": .ints([Self.big, Self.big, Self.big, Self.big])], [Self.weight], [1, 2, 5, 5]),
            ("Conv", ["x", "w"], ["strides": .ints([Self.big, Self.big])], [Self.weight], [1, 2, 5, 5]),
            ("Conv", ["x", "w"], ["dilations": .ints([1 << 62, 1 << 62])], [Self.weight], [1, 2, 5, 5]),
            ("Conv", ["x", "w"], ["auto_pad": .string("SAME_UPPER"), "strides": .ints([Self.big, Self.big])], [Self.weight], [1, 2, 5, 5]),
            ("Conv", ["x", "w"], ["group": .int(Self.big)], [Self.weight], [1, 2, 5, 5]),
            ("Conv", ["x", "w"], ["group": .int(Self.small)], [Self.weight], [1, 2, 5, 5]),
            ("MaxPool", ["x"], ["kernel_shape": .ints([2, 2]), "strides": .ints([Self.big, Self.big])], [], [1, 2, 5, 5]),
            ("AveragePool", ["x"], ["kernel_shape": .ints([1, 1]), "pads": .ints([Self.big, Self.big, Self.big, Self.big])], [], [1, 2, 5, 5]),
            ("AveragePool", ["x"], ["kernel_shape": .ints([2, 2]), "strides": .ints([Self.big, Self.big]), "ceil_mode": .int(1)], [], [1, 2, 5, 5]),
            ("AveragePool", ["x"], ["kernel_shape": .ints([1]), "strides": .ints([Self.big])], [], [1, 2, 5]),
            ("Pad", ["x", "p"], [:], [F.int64([8], [0, 0, 0, Self.small, 0, 0, 0, 0]).named("p")], [1, 2, 5, 5]),
            ("Pad", ["x", "p"], [:], [F.int64([8], [0, 0, 0, 1 << 31, 0, 0, 0, 1 << 31]).named("p")], [1, 2, 5, 5]),
        ]
        for (op, inputs, attributes, initializers, input) in cases {
            expectImportError(["node 'y' (\(op), opset 13)"], Self.oneNode(op, inputs, attributes: attributes, initializers: initializers, input: input))
        }
    }

    /// A plan past the memory limit is an error before anything is allocated.
    @Test func plansPastTheMemoryLimitAreErrors() throws {
        var model = F.convRelu()
        model.graph.input = [F.valueInfo("x", dims: [1, 2, nil, nil], names: [nil, nil, "h", "w"])]
        let loaded = try ONNXImporter.load(bytes: F.bytes(model))
        let error = #expect(throws: StrataError.self) { _ = try loaded.compiled(for: ["x": [1, 2, 1 << 17, 1 << 17]]) }
        // It names the first node whose output is too large: here the input itself.
        #expect(error?.description.contains("memory limit: node 'x' (Input) output [1, 2, 131072, 131072] needs 137438953472 bytes")
                    == true, "\(String(describing: error))")
        // The summary plans the arena without allocating it.
        let summary = try loaded.graph(for: ["x": [1, 2, 1 << 17, 1 << 17]]).summary()
        #expect(summary.peakActivationBytes > 1 << 36)
    }

    /// A summary at sizes whose multiply-adds pass 2^63 ((2^31 - 1) x 2^30) describes the graph
    /// with saturated counts instead of trapping (`strata summary --input-shape` reaches it).
    @Test func aSummaryAtAbsurdSizesSaturatesItsCounts() throws {
        var model = F.convRelu()
        model.graph.input = [F.valueInfo("x", dims: [1, 2, nil, nil], names: [nil, nil, "h", "w"])]
        let loaded = try ONNXImporter.load(bytes: F.bytes(model))
        let summary = try loaded.graph(for: ["x": [1, 2, (1 << 31) - 1, 1 << 30]]).summary()
        #expect(summary.totalMACs == Int.max)
        #expect(summary.rows.contains { $0.macs == Int.max })
    }

    /// A model's own budget (`CompileOptions.memoryLimitBytes`, the C API's
    /// `strata_options.memory_limit`) refuses a plan the process limit allows, saying whose
    /// limit it is; the same shapes plan without it.
    @Test func aModelsMemoryLimitRefusesLargerPlans() throws {
        var model = F.convRelu()
        model.graph.input = [F.valueInfo("x", dims: [1, 2, nil, nil], names: [nil, nil, "h", "w"])]
        let loaded = try ONNXImporter.load(bytes: F.bytes(model))
        loaded.compileOptions.memoryLimitBytes = 4096
        // The input [1, 2, 32, 32] alone is 8192 bytes.
        let error = #expect(throws: StrataError.self) { _ = try loaded.compiled(for: ["x": [1, 2, 32, 32]]) }
        #expect(error?.description.contains("needs 8192 bytes (0 MiB); the limit is 4096 bytes (0 MiB): the model's own memory limit")
                    == true, "\(String(describing: error))")
        loaded.compileOptions.memoryLimitBytes = nil
        _ = try loaded.compiled(for: ["x": [1, 2, 32, 32]])
    }

    /// A node that reads a failed node's stand-in through a successful one names the
    /// failure, not the graph input.
    @Test func aFailureFurtherDownNamesTheFailedNode() throws {
        var model = F.model(nodes: [
            F.node("Relu", ["x"], "bad", attributes: ["bogus": .int(1)]),
            F.node("Mul", ["bad", "bad"], "square"),
            F.node("Reshape", ["x", "square"], "y", name: "reshape"),
        ], output: "y")
        model.graph.node[0].name = "bad"
        let error = #expect(throws: ONNXImportError.self) { _ = try ONNXImporter.load(bytes: F.bytes(model)) }
        guard case .unsupported(let problems)? = error else { return }
        #expect(problems.map(\.node) == ["bad", "reshape"], "\(problems)")
        #expect(problems.last?.reason.contains("node 'bad' that computes it failed") == true, "\(problems)")
    }

    /// Failed nodes of known shape families get the spec's output shapes, so a chain of
    /// ten failing Relus (an unknown attribute each) lists all ten.
    @Test func aChainOfTenFailingNodesListsAllTen() throws {
        var nodes: [Onnx_NodeProto] = []
        for index in 0..<10 {
            var node = F.node("Relu", [index == 0 ? "x" : "t\(index)"], "t\(index + 1)", attributes: ["foo": .int(1)])
            node.name = "relu\(index)"
            nodes.append(node)
        }
        let found = try #require({ () -> [ONNXImportError.NodeProblem]? in
            do { _ = try ONNXImporter.load(bytes: F.bytes(F.model(nodes: nodes, output: "t10"))) } catch ONNXImportError.unsupported(let p) { return p } catch {}
            return nil
        }())
        #expect(found.map(\.node) == (0..<10).map { "relu\($0)" })
        let conv3d = (0..<3).map { index in
            F.node("Conv", [index == 0 ? "x" : "c\(index)", "w"], "c\(index + 1)", name: "conv\(index)")
        }
        let volumetric = F.model(input: [1, 1, 6, 6, 6], nodes: conv3d,
                                 initializers: [F.tensor("w", dims: [1, 1, 1, 1, 1], values: [1])], output: "c3")
        let error = #expect(throws: ONNXImportError.self) { _ = try ONNXImporter.load(bytes: F.bytes(volumetric)) }
        #expect(error?.description.hasPrefix("3 ONNX nodes cannot be imported") == true, "\(String(describing: error))")
    }

    @Test func opsetFormsAreEnforced() {
        // Attributes or inputs from a later opset than the model's.
        expectImportError(["'ceil_mode' not supported"], Self.oneNode("MaxPool", ["x"], attributes: ["kernel_shape": .ints([2, 2]), "ceil_mode": .int(1)], opset: 8))
        expectImportError(["'dilations' not supported"], Self.oneNode("AveragePool", ["x"], attributes: ["kernel_shape": .ints([2, 2]), "dilations": .ints([2, 2])], opset: 11))
        expectImportError(["'end', 'start' not supported"], Self.oneNode("Shape", ["x"], attributes: ["start": .int(1), "end": .int(2)], opset: 13))
        expectImportError(["C is required before opset 11"], F.model(input: [2, 3], nodes: [F.node("Gemm", ["x", "b"], "y")],
                                                                     initializers: [F.tensor("b", dims: [3, 4], values: [Float](repeating: 1, count: 12))], output: "y", opset: 9))
        expectImportError(["accepts negative axes from opset 11"], Self.oneNode("Flatten", ["x"], attributes: ["axis": .int(-1)], opset: 9))
        expectImportError(["2 inputs; ReduceSum takes at most 1 at opset 11 (2 from opset 13"],
                          Self.oneNode("ReduceSum", ["x", "axes"], attributes: [:], initializers: [F.int64([1], [1]).named("axes")], opset: 11))
    }

    /// Sum, Min and Max exist from opset 6 (inputs of one shape); Split folds on constants.
    @Test func sumAtOpset7AndSplitOfConstants() throws {
        let sum = try ONNXImporter.load(bytes: F.bytes(F.model(input: [2, 3], nodes: [F.node("Sum", ["x", "x"], "y")], output: "y", opset: 7)))
        let x = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(try sum.run(x)["y"]?.scalars == [2, 4, 6, 8, 10, 12])
        // Shape [1, 2, 4, 4] split [2, 2] → [1, 2] and [4, 4]; their product reshapes x.
        let split = F.model(nodes: [
            F.node("Shape", ["x"], "s"),
            { var n = F.node("Split", ["s"], "a", attributes: ["split": .ints([2, 2])]); n.output = ["a", "b"]; return n }(),
            F.node("Concat", ["b", "a"], "t", attributes: ["axis": .int(0)]),
            F.node("Reshape", ["x", "t"], "y"),
        ], output: "y", opset: 11)
        #expect(try ONNXImporter.load(bytes: F.bytes(split)).graph().nodes.last?.outputShape == [4, 4, 1, 2])
    }
}

extension Onnx_TensorProto {
    /// The same tensor under `name` (the typed factory leaves names empty).
    func named(_ name: String) -> Onnx_TensorProto {
        var copy = self
        copy.name = name
        return copy
    }
}
