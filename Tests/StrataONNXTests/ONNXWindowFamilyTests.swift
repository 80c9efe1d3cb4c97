import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Import errors and opset gating of ConvTranspose, LpPool and MaxPool's Indices output
/// (their numbers are checked against onnxruntime by the conformance fixtures).
@Suite struct ONNXWindowFamilyTests {
    typealias F = ONNXModelFactory

    static func node(_ op: String, _ inputs: [String], _ outputs: [String], ints: [String: [Int64]] = [:],
                     int: [String: Int64] = [:]) -> Onnx_NodeProto {
        var node = F.node(op, inputs, outputs[0], ints: ints)
        node.output = outputs
        for (key, value) in int.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            (attribute.name, attribute.type, attribute.i) = (key, .int, value)
            node.attribute.append(attribute)
        }
        return node
    }

    /// The reasons the import gives, or [] when it succeeds.
    static func reasons(_ model: Onnx_ModelProto) -> [String] {
        do {
            _ = try ONNXImporter.load(bytes: F.bytes(model))
            return []
        } catch ONNXImportError.unsupported(let problems) {
            return problems.map { "\($0)" }
        } catch {
            return ["\(error)"]
        }
    }

    @Test func maxPoolStorageOrderAndIndexLimit() throws {
        let pool = ["kernel_shape": [Int64(2), 2], "strides": [2, 2]]
        let bad = Self.node("MaxPool", ["x"], ["y", "i"], ints: pool, int: ["storage_order": 2])
        #expect(Self.reasons(F.model(nodes: [bad], output: "y", opset: 12)).contains { $0.contains("storage_order=2") })
        let big = Self.node("MaxPool", ["x"], ["y", "i"], ints: pool)
        let reasons = Self.reasons(F.model(input: [1, 1, 4097, 4097], nodes: [big], output: "i", opset: 12))
        #expect(reasons.contains { $0.contains("exact up to 16777216") }, "\(reasons)")
        // Both outputs of a small input import, each as its own node.
        let small = try ONNXImporter.load(bytes: F.bytes(F.model(nodes: [Self.node("MaxPool", ["x"], ["y", "i"], ints: pool)], output: "i", opset: 12)))
        let names = try small.graph().nodes.map(\.op.opName)
        #expect(names.contains("MaxPool") && names.contains("MaxPoolIndices"), "\(names)")
    }

    @Test func lpPoolCeilModeAndDilationsOnlyFromOpset18() throws {
        let window = ["kernel_shape": [Int64(2), 2], "dilations": [2, 2]]
        #expect(Self.reasons(F.model(nodes: [Self.node("LpPool", ["x"], ["y"], ints: window)], output: "y", opset: 11))
            .contains { $0.contains("'dilations'") })
        #expect(Self.reasons(F.model(nodes: [Self.node("LpPool", ["x"], ["y"], ints: ["kernel_shape": [2, 2]], int: ["ceil_mode": 1])],
                                     output: "y", opset: 17)).contains { $0.contains("'ceil_mode'") })
        #expect(Self.reasons(F.model(nodes: [Self.node("LpPool", ["x"], ["y"], ints: window, int: ["ceil_mode": 1])], output: "y", opset: 18)) == [])
        #expect(Self.reasons(F.model(nodes: [Self.node("GlobalLpPool", ["x"], ["y"], int: ["p": 0])], output: "y")).contains { $0.contains("p=0") })
    }

    @Test func convTransposeRefusesWhatOnnxruntimeRefuses() throws {
        let weight = F.tensor("w", dims: [2, 3, 3, 3], values: Array(repeating: 0.1, count: 54))
        func model(_ ints: [String: [Int64]]) -> Onnx_ModelProto {
            F.model(nodes: [Self.node("ConvTranspose", ["x", "w"], ["y"], ints: ints)], initializers: [weight], output: "y")
        }
        // Input 4x4, stride 2, kernel 3: natural 9; 10 is the most (9 + stride − 1).
        #expect(Self.reasons(model(["strides": [2, 2], "output_shape": [10, 10]])) == [])
        #expect(Self.reasons(model(["strides": [2, 2], "output_shape": [11, 10]])).contains { $0.contains("output_shape") })
        #expect(Self.reasons(model(["strides": [2, 2], "output_shape": [1, 3, 9, 9]])).contains { $0.contains("output_shape") })
        #expect(Self.reasons(model(["strides": [2, 2], "output_padding": [2, 0]])).contains { $0.contains("output padding") })
        #expect(Self.reasons(model(["pads": [5, 5, 5, 5]])).contains { $0.contains("would be") })
        let y = try ONNXImporter.load(bytes: F.bytes(model(["strides": [2, 2], "output_shape": [10, 8]])))
        #expect(try y.graph().nodes.first { $0.name == "y" }?.outputShape == [1, 3, 10, 8])
    }

    @Test func gemmAndMatMulOnRunTimeOperands() throws {
        // x [1, 2, 4, 4] times itself transposed: a MatMulOp, not a LinearOp.
        let nodes = [F.node("Transpose", ["x"], "xt", ints: ["perm": [0, 1, 3, 2]]), F.node("MatMul", ["x", "xt"], "y")]
        let model = try ONNXImporter.load(bytes: F.bytes(F.model(nodes: nodes, output: "y")))
        #expect(try model.graph().nodes.contains { $0.op is MatMulOp })
        var rng = SeededGenerator(seed: 9)
        let x = try Tensor.uniform([1, 2, 4, 4], using: &rng)
        let y = try #require(try model.run(["x": x])["y"])
        let v = x.scalars
        for i in 0..<4 {
            for j in 0..<4 {
                let expected = (0..<4).reduce(Float(0)) { $0 + v[16 + i * 4 + $1] * v[16 + j * 4 + $1] }
                #expect(abs(y.scalars[16 + i * 4 + j] - expected) <= 1e-5)
            }
        }
    }
}
