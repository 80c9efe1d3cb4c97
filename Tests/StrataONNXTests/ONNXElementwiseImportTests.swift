import Foundation
import Strata
@testable import StrataONNX
import Testing

/// The elementwise family's converters (ONNXOpTable+Elementwise.swift): run-time graphs
/// checked against values worked out by hand, the opset gates, and a clear issue for every
/// unsupported attribute value. (onnxruntime's values are in the `ew_*` conformance fixtures.)
@Suite struct ONNXElementwiseImportTests {
    typealias F = ONNXModelFactory

    static func load(_ model: Onnx_ModelProto) throws -> Model { try ONNXImporter.load(bytes: F.bytes(model)) }

    func expectError(_ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ model: Onnx_ModelProto) {
        let error = #expect(throws: ONNXImportError.self, sourceLocation: sourceLocation) { _ = try Self.load(model) }
        guard let error else { return }
        for fragment in fragments {
            #expect(error.description.contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    }

    /// An Elu body as exporters write it, at run time: Where(Less(x, 0), alpha·(e^x − 1), x)
    /// with alpha and the constants cast like x (CastLike of constants folds); Mean and Max
    /// of x with a broadcast constant; Cast to INT8 and back.
    @Test func runTimeGraphByHand() throws {
        let nodes = [
            F.node("CastLike", ["alpha64", "x"], "alpha"),
            F.node("Less", ["x", "zero"], "negative"),
            F.node("Exp", ["x"], "ex"),
            F.node("Sub", ["ex", "one"], "em1"),
            F.node("Mul", ["alpha", "em1"], "scaled"),
            F.node("Where", ["negative", "scaled", "x"], "elu"),
            F.node("Mean", ["elu", "x", "row"], "mean"),
            F.node("Max", ["mean", "row"], "y"),
        ]
        let initializers = [
            F.tensor("alpha64", .double, dims: [], floats: [0.5]), F.tensor("zero", dims: [], values: [0]),
            F.tensor("one", dims: [], values: [1]), F.tensor("row", dims: [3], values: [0, -10, 3]),
        ]
        let model = try Self.load(F.model(input: [2, 3], nodes: nodes, initializers: initializers, output: "y", opset: 16))
        let x: [Float] = [-1, 2, 0, -3, 1, 9]
        let y = try #require(model.run(["x": Tensor(shape: [2, 3], values: x)])["y"])
        let row: [Float] = [0, -10, 3]
        let expected = x.enumerated().map { i, v -> Float in
            let elu = v < 0 ? 0.5 * (Float(exp(Double(v))) - 1) : v
            return max((elu + v + row[i % 3]) / 3, row[i % 3])
        }
        #expect(y.shape == [2, 3])
        for (a, e) in zip(y.scalars, expected) { #expect(abs(a - e) <= 2e-6 * max(1, abs(e)), "\(y.scalars) vs \(expected)") }
    }

    /// Cast to INT8 wraps as onnxruntime (300.7 → 44), BOOL is x != 0, FLOAT16 rounds.
    @Test func runTimeCasts() throws {
        let nodes = [
            F.node("Cast", ["x"], "i8", attributes: ["to": .int(Int64(ONNXDataType.int8.rawValue))]),
            F.node("Cast", ["x"], "b", attributes: ["to": .int(Int64(ONNXDataType.bool.rawValue))]),
            F.node("Cast", ["x"], "h", attributes: ["to": .int(Int64(ONNXDataType.float16.rawValue))]),
            F.node("Concat", ["i8", "b", "h"], "y", attributes: ["axis": .int(0)]),
        ]
        let model = try Self.load(F.model(input: [3], nodes: nodes, output: "y", opset: 13))
        let y = try #require(model.run(["x": Tensor(shape: [3], values: [300.7, 0, 0.1])])["y"])
        #expect(y.scalars == [44, 0, 0, 1, 0, 1, 300.75, 0, 0.099_975_586])
    }

    /// Before opset 13, LogSoftmax coerces to 2-D at axis 1: the softmax runs over the
    /// trailing 2·2 values of each batch item, not along axis 1.
    @Test func logSoftmaxBeforeOpset13CoercesTo2D() throws {
        let model = try Self.load(F.model(input: [1, 2, 2], nodes: [F.node("LogSoftmax", ["x"], "y")], output: "y", opset: 11))
        let y = try #require(model.run(["x": Tensor(shape: [1, 2, 2], values: [1, 2, 3, 4])])["y"]).scalars
        let logSum = log(exp(1.0) + exp(2.0) + exp(3.0) + exp(4.0))
        for (i, a) in y.enumerated() { #expect(abs(Double(a) - (Double(i + 1) - logSum)) <= 1e-6, "\(y)") }
    }

    @Test func unsupportedAttributesAndOpsetGates() throws {
        expectError(["Celu", "alpha=0", "non-zero"],
                    F.model(input: [2], nodes: [F.node("Celu", ["x"], "y", attributes: ["alpha": .float(0)])], output: "y", opset: 13))
        expectError(["Mish", "opset 18", "opset 17"], F.model(input: [2], nodes: [F.node("Mish", ["x"], "y")], output: "y", opset: 17))
        expectError(["Cast", "not supported"],
                    F.model(input: [2], nodes: [F.node("Cast", ["x"], "y", attributes: ["to": .int(8)])], output: "y", opset: 13))
        expectError(["BFLOAT16", "opset 13"],
                    F.model(input: [2], nodes: [F.node("Cast", ["x"], "y", attributes: ["to": .int(16)])], output: "y", opset: 12))
        expectError(["negative", "opset 11"],
                    F.model(input: [2, 3], nodes: [F.node("Hardmax", ["x"], "y", attributes: ["axis": .int(-1)])], output: "y", opset: 10))
        expectError(["[2, 3]", "[3]", "opset 8"],
                    F.model(input: [2, 3], nodes: [F.node("Min", ["x", "b"], "y")], initializers: [F.tensor("b", dims: [3], values: [1, 2, 3])],
                            output: "y", opset: 7))
        expectError(["scalar"], F.model(input: [], nodes: [F.node("LogSoftmax", ["x"], "y")], output: "y", opset: 13))
    }
}
