import Foundation
import Strata
@testable import StrataONNX
import Testing

/// What a fresh reviewer found in the operator families, each with the value onnxruntime
/// 1.32 gives (checked by hand against it; the reproductions are ONNX models of one or two
/// nodes).
@Suite struct ONNXOperatorReviewTests {
    typealias F = ONNXModelFactory

    static func model(_ nodes: [Onnx_NodeProto], initializers: [Onnx_TensorProto] = [], input: [Int64?], opset: Int64 = 13) -> Onnx_ModelProto {
        F.model(input: input, nodes: nodes, initializers: initializers, output: "y", opset: opset)
    }

    static func named(_ name: String, _ tensor: Onnx_TensorProto) -> Onnx_TensorProto {
        var tensor = tensor
        tensor.name = name
        return tensor
    }

    static func run(_ model: Onnx_ModelProto, _ x: Tensor) throws -> Tensor {
        try #require(try ONNXImporter.load(bytes: F.bytes(model)).run(["x": x])["y"])
    }

    /// `row = argmax // W` (a keypoint decode): integer division truncates. onnxruntime: 3.
    @Test func integerDivisionOfAnArgMaxTruncates() throws {
        var values = [Float](repeating: 0, count: 20)
        values[16] = 5   // the argmax of a flattened 4x5 heat map: row 3, column 1
        let model = Self.model([F.node("ArgMax", ["x"], "idx", attributes: ["axis": .int(1), "keepdims": .int(0)]),
                                F.node("Div", ["idx", "w"], "y", attributes: [:])],
                               initializers: [Self.named("w", F.int64([], [5]))], input: [1, 20])
        let imported = try ONNXImporter.load(bytes: F.bytes(model))
        #expect(try imported.run(["x": Tensor(shape: [1, 20], values: values)])["y"]?.scalars == [3])
        // and `strata run` writes it as int64, as the graph declares
        let plan = try imported.graph(for: ["x": [1, 20]])
        #expect(plan.integerValuedNodes.last == true)
    }

    /// Cast to INT32, then Div by 3: truncation toward zero (C), not floor and not a fraction.
    /// onnxruntime: [7.9, -7.9, 5, -5, 100] -> [2, -2, 1, -1, 33].
    @Test func integerDivisionTruncatesTowardZero() throws {
        let model = Self.model([F.node("Cast", ["x"], "i", attributes: ["to": .int(6)]),
                                F.node("Div", ["i", "three"], "y", attributes: [:])],
                               initializers: [Self.named("three", F.typed(.int32, [], ints: [3]))], input: [5])
        #expect(try Self.run(model, Tensor(shape: [5], values: [7.9, -7.9, 5, -5, 100])).scalars == [2, -2, 1, -1, 33])
        // Float division is unchanged.
        let float = Self.model([F.node("Div", ["x", "three"], "y", attributes: [:])],
                               initializers: [F.tensor("three", dims: [], values: [3])], input: [2])
        #expect(try Self.run(float, Tensor(shape: [2], values: [7, -7])).scalars == [7 / Float(3), -7 / Float(3)])
    }

    /// noop_with_empty_axes = 1 with no axes: "no reduction is applied, but other operations
    /// will be performed" (ONNX): L1/L2 give |x|, SumSquare x², LogSum log x; onnxruntime agrees.
    @Test func noopReductionsStillApplyTheirElementwisePart() throws {
        let values: [Float] = [0.5, -0.9, -1.8, 2, 0.25, -3]
        let x = try Tensor(shape: [2, 3], values: values)
        func reduce(_ op: String) throws -> [Float] {
            try Self.run(Self.model([F.node(op, ["x"], "y", attributes: ["noop_with_empty_axes": .int(1)])], input: [2, 3], opset: 18), x).scalars
        }
        #expect(try reduce("ReduceL1") == values.map(abs))
        #expect(try reduce("ReduceL2") == values.map(abs))
        #expect(try reduce("ReduceSumSquare") == values.map { $0 * $0 })
        #expect(try reduce("ReduceLogSum").prefix(1) == [Foundation.log(Float(0.5))])
        #expect(try reduce("ReduceLogSum")[1].isNaN)
        #expect(try reduce("ReduceSum") == values)
        #expect(try reduce("ReduceMax") == values)
    }

    /// LSTM/GRU `clip` must be positive (onnxruntime refuses the rest); clip -1 made every
    /// output one constant.
    @Test func recurrentClipMustBePositive() throws {
        let w = F.tensor("w", dims: [1, 8, 2], values: [Float](repeating: 0.1, count: 16))
        let r = F.tensor("r", dims: [1, 8, 2], values: [Float](repeating: 0.1, count: 16))
        for clip: Float in [-1, 0, .nan] {
            var lstm = F.node("LSTM", ["x", "w", "r"], "y", attributes: ["hidden_size": .int(2), "clip": .float(clip)])
            lstm.output = ["y"]
            let model = Self.model([lstm], initializers: [w, r], input: [3, 1, 2], opset: 14)
            let error = #expect(throws: ONNXImportError.self) { _ = try ONNXImporter.load(bytes: F.bytes(model)) }
            #expect(error?.description.contains("must be a positive number") == true, "\(String(describing: error))")
        }
    }

    func expectImportError(_ fragment: String, _ model: Onnx_ModelProto, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: ONNXImportError.self, sourceLocation: sourceLocation) { _ = try ONNXImporter.load(bytes: F.bytes(model)) }
        #expect(error?.description.contains(fragment) == true, "\(String(describing: error)) does not mention \(fragment)",
                sourceLocation: sourceLocation)
    }

    /// Malformed nodes onnxruntime refuses, refused with the reason: more inputs than the
    /// spec's version takes, float index operands, integer scales, empty Resize sizes, and a
    /// num_outputs that leaves empty parts.
    @Test func malformedNodesAreRefused() {
        let scales = F.tensor("s", dims: [4], values: [1, 1, 2, 2])
        expectImportError("5 inputs; Resize takes at most 4 at opset 13",
                          Self.model([F.node("Resize", ["x", "", "s", "", "x"], "y", attributes: [:])], initializers: [scales], input: [1, 1, 2, 2]))
        expectImportError("2 inputs; Cast takes at most 1",
                          Self.model([F.node("Cast", ["x", "x"], "y", attributes: ["to": .int(1)])], input: [2]))
        expectImportError("pads must be an integer tensor",
                          Self.model([F.node("Pad", ["x", "p"], "y", attributes: [:])],
                                     initializers: [F.tensor("p", dims: [4], values: [0, 1.5, 0, 1])], input: [2, 2]))
        expectImportError("scales must be a float tensor",
                          Self.model([F.node("Resize", ["x", "", "s"], "y", attributes: [:])],
                                     initializers: [Self.named("s", F.int64([4], [1, 1, 2, 2]))], input: [1, 1, 2, 2]))
        expectImportError("every output size must be at least 1",
                          Self.model([F.node("Resize", ["x", "", "", "z"], "y", attributes: [:])],
                                     initializers: [Self.named("z", F.int64([4], [1, 2, 0, 7]))], input: [1, 2, 3, 3]))
        var split = F.node("Split", ["x"], "y", attributes: ["axis": .int(1), "num_outputs": .int(5)])
        split.output = ["y", "b", "c", "d", "e"]
        expectImportError("leave the last ones empty", Self.model([split], input: [2, 6], opset: 18))
    }
}
