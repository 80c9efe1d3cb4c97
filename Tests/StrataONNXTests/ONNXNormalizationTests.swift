import Foundation
import Strata
@testable import StrataONNX
import Testing

/// The normalization converters beyond the fixtures: GroupNormalization-18's per-group
/// scale (the onnx checker and onnxruntime refuse the deprecated op, so by hand), the
/// opset gates, and the NodeIssues for attribute values Strata does not take.
@Suite struct ONNXNormalizationTests {
    static func attribute(_ name: String, int: Int64? = nil, float: Float? = nil) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        if let int { attribute.type = .int; attribute.i = int }
        if let float { attribute.type = .float; attribute.f = float }
        return attribute
    }

    static func load(_ op: String, inputs: [String] = ["x"], input: [Int64], attributes: [Onnx_AttributeProto],
                     initializers: [Onnx_TensorProto] = [], opset: Int64) throws -> Model {
        var node = ONNXModelFactory.node(op, inputs, "y")
        node.attribute = attributes
        return try ONNXImporter.load(bytes: ONNXModelFactory.bytes(ONNXModelFactory.model(
            input: input, nodes: [node], initializers: initializers, output: "y", opset: opset)))
    }

    static func reason(_ body: () throws -> Void) -> String {
        do { try body() } catch let error as ONNXImportError {
            if case .unsupported(let problems) = error { return problems.map(\.reason).joined(separator: "; ") }
            return "\(error)"
        } catch { return "\(error)" }
        return "no error"
    }

    /// [1, 4, 1, 2] in 2 groups: group 0 = channels 0, 1 = [0, 2, 4, 6] (mean 3, variance 5),
    /// group 1 = [1, 1, 3, 3] (mean 2, variance 1). Opset 18: scale [2, 10] and bias [0, 1]
    /// per group; opset 21 takes the same values per channel.
    @Test(arguments: [18, 21])
    func groupNormScaleAndBias(opset: Int64) throws {
        let (scale, bias): ([Float], [Float]) = opset == 18 ? ([2, 10], [0, 1]) : ([2, 2, 10, 10], [0, 0, 1, 1])
        let model = try Self.load("GroupNormalization", inputs: ["x", "scale", "bias"], input: [1, 4, 1, 2],
                                  attributes: [Self.attribute("num_groups", int: 2), Self.attribute("epsilon", float: 0)],
                                  initializers: [ONNXModelFactory.tensor("scale", dims: [Int64(scale.count)], values: scale),
                                                 ONNXModelFactory.tensor("bias", dims: [Int64(bias.count)], values: bias)],
                                  opset: opset)
        let y = try #require(model.run(["x": Tensor(shape: [1, 4, 1, 2], values: [0, 2, 4, 6, 1, 1, 3, 3])])["y"]).scalars
        let s = Float(5.0.squareRoot())
        let expected: [Float] = [-6 / s, -2 / s, 2 / s, 6 / s, -9, -9, 11, 11]
        for i in expected.indices { #expect(abs(y[i] - expected[i]) <= 2e-6 * max(1, abs(expected[i])), "\(i): \(y[i]) vs \(expected[i])") }
        // Per-channel parameters under opset 18 are the wrong form.
        if opset == 18 {
            let wrong = Self.reason {
                _ = try Self.load("GroupNormalization", inputs: ["x", "s", "b"], input: [1, 4, 1, 2],
                                  attributes: [Self.attribute("num_groups", int: 2)],
                                  initializers: [ONNXModelFactory.tensor("s", dims: [4], values: [1, 1, 1, 1]),
                                                 ONNXModelFactory.tensor("b", dims: [4], values: [0, 0, 0, 0])], opset: 18)
            }
            #expect(wrong.contains("GroupNormalization-18 expects [num_groups] = [2]"), "\(wrong)")
        }
    }

    @Test func unsupportedValuesAreNamed() {
        let lrnSize = Self.reason { _ = try Self.load("LRN", input: [1, 3, 2, 2], attributes: [], opset: 13) }
        #expect(lrnSize.contains("attribute size is missing"), "\(lrnSize)")
        let lrnZero = Self.reason { _ = try Self.load("LRN", input: [1, 3, 2, 2], attributes: [Self.attribute("size", int: 0)], opset: 13) }
        #expect(lrnZero.contains("LRN size must be >= 1"), "\(lrnZero)")
        let p3 = Self.reason { _ = try Self.load("LpNormalization", input: [2, 3], attributes: [Self.attribute("p", int: 3)], opset: 13) }
        #expect(p3.contains("p=3 is not supported"), "\(p3)")
        let axes = Self.reason { _ = try Self.load("MeanVarianceNormalization", input: [2, 3, 4], attributes: [], opset: 13) }
        #expect(axes.contains("axes [0, 2, 3] do not fit input X of shape [2, 3, 4]"), "\(axes)")
        let scale = [ONNXModelFactory.tensor("s", dims: [4], values: [1, 1, 1, 1])]
        let stash = Self.reason {
            _ = try Self.load("LayerNormalization", inputs: ["x", "s"], input: [2, 4], attributes: [Self.attribute("stash_type", int: 10)],
                              initializers: scale, opset: 17)
        }
        #expect(stash.contains("stash_type=10 is not supported"), "\(stash)")
        let early = Self.reason {
            _ = try Self.load("LayerNormalization", inputs: ["x", "s"], input: [2, 4], attributes: [], initializers: scale, opset: 16)
        }
        #expect(early.contains("LayerNormalization needs opset 17"), "\(early)")
        let badScale = Self.reason {
            _ = try Self.load("LayerNormalization", inputs: ["x", "s"], input: [2, 3], attributes: [], initializers: scale, opset: 17)
        }
        #expect(badScale.contains("must broadcast to the normalized shape [3]"), "\(badScale)")
        let groups = Self.reason {
            _ = try Self.load("GroupNormalization", inputs: ["x", "s", "s"], input: [1, 4, 2], attributes: [Self.attribute("num_groups", int: 3)],
                              initializers: scale, opset: 21)
        }
        #expect(groups.contains("num_groups 3 must be >= 1 and divide the 4 channels"), "\(groups)")
    }

    /// LayerNormalization's Mean and InvStdDev outputs, and a broadcast scale: against values
    /// worked out by hand (rows [1, 3] and [0, 4]: means 2, 2; variances 1, 4).
    @Test func layerNormOutputsByHand() throws {
        var node = ONNXModelFactory.node("LayerNormalization", ["x", "s", "b"], "y")
        node.output = ["y", "mean", "inv"]
        node.attribute = [Self.attribute("epsilon", float: 0)]
        var model = ONNXModelFactory.model(input: [2, 2], nodes: [node],
                                           initializers: [ONNXModelFactory.tensor("s", dims: [1], values: [3]),
                                                          ONNXModelFactory.tensor("b", dims: [2], values: [1, -1])], output: "y")
        model.graph.output += [ONNXModelFactory.valueInfo("mean", dims: []), ONNXModelFactory.valueInfo("inv", dims: [])]
        let outputs = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)).run(["x": Tensor(shape: [2, 2], values: [1, 3, 0, 4])])
        #expect(outputs["y"]?.scalars == [-2, 2, -2, 2])
        #expect(outputs["mean"]?.shape == [2, 1] && outputs["mean"]?.scalars == [2, 2])
        #expect(outputs["inv"]?.scalars == [1, 0.5])
    }
}
