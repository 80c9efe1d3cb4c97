import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Slice, Split, Tile, Expand, Gather, GatherElements and ArgMax/ArgMin imported on run-time
/// tensors: the forms each opset allows, and clear errors for the rest. Values are checked
/// by hand here and against onnxruntime in the `mv_*` conformance fixtures.
@Suite struct ONNXMovementImportTests {
    typealias F = ONNXModelFactory

    func expectImportError(_ fragments: [String], _ model: Onnx_ModelProto, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: ONNXImportError.self, sourceLocation: sourceLocation) { _ = try ONNXImporter.load(bytes: F.bytes(model)) }
        for fragment in fragments where error != nil {
            #expect(error!.description.contains(fragment), "\"\(error!)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    }

    static func oneNode(_ op: String, _ inputs: [String], attributes: [String: F.Attribute] = [:], initializers: [Onnx_TensorProto] = [],
                        input: [Int64?] = [2, 3], opset: Int64 = 13, outputs: [String] = ["y"]) -> Onnx_ModelProto {
        var node = F.node(op, inputs, outputs[0], attributes: attributes)
        node.output = outputs
        return F.model(input: input, nodes: [node], initializers: initializers, output: outputs[0], opset: opset)
    }

    static func int64(_ name: String, _ dims: [Int64], _ values: [Int64]) -> Onnx_TensorProto {
        var tensor = F.int64(dims, values)
        tensor.name = name
        return tensor
    }

    static func run(_ model: Onnx_ModelProto, _ x: Tensor) throws -> Tensor {
        try #require(try ONNXImporter.load(bytes: F.bytes(model)).run(["x": x])["y"])
    }

    let x = try! Tensor(shape: [2, 3], values: [4, 9, 2, 7, 1, 7])

    @Test func argMaxFormsFollowTheOpset() throws {
        // [[4, 9, 2], [7, 1, 7]]: ArgMax along 1 is [1, 0], the last of the tied 7s is 2.
        #expect(try Self.run(Self.oneNode("ArgMax", ["x"], attributes: ["axis": .int(1)], opset: 7), x).scalars == [1, 0])
        let last = Self.oneNode("ArgMax", ["x"], attributes: ["axis": .int(-1), "keepdims": .int(0), "select_last_index": .int(1)], opset: 12)
        let y = try Self.run(last, x)
        #expect(y.shape == [2] && y.scalars == [1, 2])
        #expect(try Self.run(Self.oneNode("ArgMin", ["x"], attributes: ["axis": .int(0)], opset: 13), x).scalars == [0, 1, 0])
        expectImportError(["'select_last_index' not supported"],
                          Self.oneNode("ArgMax", ["x"], attributes: ["select_last_index": .int(1)], opset: 11))
        expectImportError(["accepts negative axes from opset 11"], Self.oneNode("ArgMin", ["x"], attributes: ["axis": .int(-1)], opset: 10))
        expectImportError(["axis 2", "rank 2"], Self.oneNode("ArgMax", ["x"], attributes: ["axis": .int(2)]))
    }

    @Test func sliceFormsFollowTheOpset() throws {
        let bounds = [Self.int64("s", [1], [-1]), Self.int64("e", [1], [.min]), Self.int64("a", [1], [1]), Self.int64("p", [1], [-2])]
        #expect(try Self.run(Self.oneNode("Slice", ["x", "s", "e", "a", "p"], initializers: bounds), x).scalars == [2, 4, 7, 7])
        let old = Self.oneNode("Slice", ["x"], attributes: ["starts": .ints([1]), "ends": .ints([3]), "axes": .ints([1])], opset: 9)
        #expect(try Self.run(old, x).scalars == [9, 2, 1, 7])
        expectImportError(["2 inputs; Slice takes at most 1 at opset 9 (2 from opset 10"], Self.oneNode("Slice", ["x", "s"], initializers: bounds, opset: 9))
        expectImportError(["axes value -1 is negative"],
                          Self.oneNode("Slice", ["x"], attributes: ["starts": .ints([0]), "ends": .ints([1]), "axes": .ints([-1])], opset: 9))
        expectImportError(["steps [0] hold 0"], Self.oneNode("Slice", ["x", "s", "e", "a", "z"], initializers: bounds + [Self.int64("z", [1], [0])]))
        expectImportError(["needs it to be a constant"], Self.oneNode("Slice", ["x", "x", "e"], initializers: bounds))
    }

    @Test func splitFormsFollowTheOpset() throws {
        let sizes = Self.int64("sizes", [2], [1, 2])
        // Each output becomes a Slice node named after it.
        let model = Self.oneNode("Split", ["x", "sizes"], attributes: ["axis": .int(-1)], initializers: [sizes], outputs: ["y", "z"])
        let graph = try ONNXImporter.load(bytes: F.bytes(model)).graph()
        #expect(graph.nodes.filter { $0.op is SliceOp }.map(\.name) == ["y", "z"])
        #expect(try Self.run(model, x).scalars == [4, 7])
        let attribute = Self.oneNode("Split", ["x"], attributes: ["axis": .int(1), "split": .ints([2, 1])], opset: 11, outputs: ["y", "z"])
        #expect(try Self.run(attribute, x).scalars == [4, 9, 7, 1])
        expectImportError(["attribute 'split' not supported from opset 13", "input 1"], Self.oneNode("Split", ["x"], attributes: ["axis": .int(1), "split": .ints([2, 1])], opset: 13, outputs: ["y", "z"]))
        expectImportError(["2 inputs; Split takes at most 1 at opset 11 (2 from opset 13"], Self.oneNode("Split", ["x", "sizes"], initializers: [sizes], opset: 11, outputs: ["y", "z"]))
        expectImportError(["needs the split input or the num_outputs attribute"], Self.oneNode("Split", ["x"], opset: 18, outputs: ["y", "z"]))
        expectImportError(["both the split input and num_outputs"],
                          Self.oneNode("Split", ["x", "sizes"], attributes: ["num_outputs": .int(2), "axis": .int(1)], initializers: [sizes], opset: 18, outputs: ["y", "z"]))
        expectImportError(["does not split into 2 equal parts"], Self.oneNode("Split", ["x"], attributes: ["axis": .int(1)], opset: 13, outputs: ["y", "z"]))
        expectImportError(["split sizes [1, 1] do not cover axis 1 of size 3"],
                          Self.oneNode("Split", ["x"], attributes: ["axis": .int(1), "split": .ints([1, 1])], opset: 11, outputs: ["y", "z"]))
        // num_outputs 2 of 3: 2 and 1.
        let counted = Self.oneNode("Split", ["x"], attributes: ["axis": .int(1), "num_outputs": .int(2)], opset: 18, outputs: ["y", "z"])
        #expect(try Self.run(counted, x).scalars == [4, 9, 7, 1])
    }

    @Test func tileAndExpandNeedConstantOperands() throws {
        let tiled = try Self.run(Self.oneNode("Tile", ["x", "r"], initializers: [Self.int64("r", [2], [1, 2])]), x)
        #expect(tiled.shape == [2, 6] && tiled.scalars == [4, 9, 2, 4, 9, 2, 7, 1, 7, 7, 1, 7])
        let expanded = try Self.run(Self.oneNode("Expand", ["x", "s"], initializers: [Self.int64("s", [3], [2, 1, 1])]), x)
        #expect(expanded.shape == [2, 2, 3] && expanded.scalars == x.scalars + x.scalars)
        expectImportError(["tile repeats [2]", "expected 2 values >= 0"], Self.oneNode("Tile", ["x", "r"], initializers: [Self.int64("r", [1], [2])]))
        expectImportError(["-1"], Self.oneNode("Tile", ["x", "r"], initializers: [Self.int64("r", [2], [1, -1])]))
        expectImportError(["[2, 3]", "[4]"], Self.oneNode("Expand", ["x", "s"], initializers: [Self.int64("s", [1], [4])]))
        expectImportError(["needs it to be a constant"], Self.oneNode("Expand", ["x", "x"]))
    }

    @Test func gatherIndicesConstantOrRuntime() throws {
        let constant = Self.oneNode("Gather", ["x", "i"], attributes: ["axis": .int(1)], initializers: [Self.int64("i", [2], [-1, 0])])
        #expect(try Self.run(constant, x).scalars == [2, 4, 7, 7])
        expectImportError(["index 3 is out of range", "expected -3...2"],
                          Self.oneNode("Gather", ["x", "i"], attributes: ["axis": .int(1)], initializers: [Self.int64("i", [1], [3])]))
        expectImportError(["accepts negative indices from opset 11"],
                          Self.oneNode("Gather", ["x", "i"], initializers: [Self.int64("i", [1], [-1])], opset: 9))
        // Run-time indices (the data itself): whole numbers in range gather, anything else gives NaN.
        let data = try Tensor(shape: [6], values: [0, 2, 7, -1, 0.5, 3])
        let y = try Self.run(Self.oneNode("Gather", ["x", "x"], input: [6]), data)
        #expect(y.scalars.map { $0.isNaN ? 99 : $0 } == [0, 7, 99, 3, 99, -1])
        let elements = Self.oneNode("GatherElements", ["x", "i"], attributes: ["axis": .int(0)], initializers: [Self.int64("i", [2, 3], [1, 0, -1, 0, 0, 0])])
        #expect(try Self.run(elements, x).scalars == [7, 9, 7, 4, 9, 2])
        expectImportError(["GatherElements needs opset 11 or later"], Self.oneNode("GatherElements", ["x", "i"], initializers: [Self.int64("i", [2, 3], [0, 0, 0, 0, 0, 0])], opset: 10))
    }
}
