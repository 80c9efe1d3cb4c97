import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Resize, Upsample, DepthToSpace and SpaceToDepth import: attributes of a later opset are
/// refused, unsupported values are named, and the forms map to the right configuration.
/// (Values against onnxruntime: the resize_*, upsample_*, depth_to_space_* fixtures.)
@Suite struct ONNXResamplingTests {
    /// A node with string, int and float attributes.
    static func node(_ op: String, _ inputs: [String], strings: [String: String] = [:], ints: [String: Int64] = [:],
                     floats: [String: [Float]] = [:]) -> Onnx_NodeProto {
        var node = ONNXModelFactory.node(op, inputs, "y")
        for (key, value) in strings.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            (attribute.name, attribute.type, attribute.s) = (key, .string, Data(value.utf8))
            node.attribute.append(attribute)
        }
        for (key, value) in ints.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            (attribute.name, attribute.type, attribute.i) = (key, .int, value)
            node.attribute.append(attribute)
        }
        for (key, value) in floats.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            (attribute.name, attribute.type, attribute.floats) = (key, .floats, value)
            node.attribute.append(attribute)
        }
        return node
    }

    static func load(_ node: Onnx_NodeProto, opset: Int64, initializers: [Onnx_TensorProto] = [],
                     input: [Int64?] = [1, 2, 4, 4]) throws -> Model {
        let model = ONNXModelFactory.model(input: input, nodes: [node], initializers: initializers, output: "y", opset: opset)
        return try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model))
    }

    static let roi = ONNXModelFactory.tensor("roi", dims: [0], values: [])
    static let scales = ONNXModelFactory.tensor("scales", dims: [4], values: [1, 1, 2, 2])

    /// The one ResizeOp of the imported graph.
    static func resize(_ model: Model) throws -> ResizeConfiguration {
        let op = try #require(try model.graph().nodes.compactMap { $0.op as? ResizeOp }.first)
        return op.configuration
    }

    func expectIssue(_ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        let error = #expect(throws: ONNXImportError.self, sourceLocation: sourceLocation) { try body() }
        guard let error else { return }
        for fragment in fragments {
            #expect(error.description.contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    }

    @Test func formsMapToTheirConfigurations() throws {
        let r10 = try Self.resize(Self.load(Self.node("Resize", ["x", "scales"], strings: ["mode": "linear"]), opset: 10,
                                            initializers: [Self.scales]))
        #expect(r10.coordinates == .asymmetric && r10.nearest == .legacy && r10.mode == .linear)
        let r13 = try Self.resize(Self.load(Self.node("Resize", ["x", "", "scales"]), opset: 13, initializers: [Self.scales]))
        #expect(r13.coordinates == .halfPixel && r13.nearest == .roundPreferFloor && r13.target == .scales([1, 1, 2, 2]))
        let upsample = try Self.resize(Self.load(Self.node("Upsample", ["x"], floats: ["scales": [1, 1, 2, 3]]), opset: 7))
        #expect(upsample.coordinates == .asymmetric && upsample.nearest == .legacy && upsample.target == .scales([1, 1, 2, 3]))
        let sizes = ONNXModelFactory.int64([2], [6, 6])
        var withAxes = Self.node("Resize", ["x", "", "", "sizes"], strings: ["keep_aspect_ratio_policy": "not_larger"])
        withAxes.input[3] = "sizes"
        var axes = Onnx_AttributeProto()
        (axes.name, axes.type, axes.ints) = ("axes", .ints, [2, 3])
        withAxes.attribute.append(axes)
        var named = sizes
        named.name = "sizes"
        let r18 = try Self.resize(Self.load(withAxes, opset: 18, initializers: [named]))
        #expect(r18.axes == [2, 3] && r18.target == .sizes([6, 6], .notLarger))
    }

    @Test func laterAttributesAreRefused() throws {
        // antialias and axes are opset 18; half_pixel_symmetric 19; cubic 11.
        expectIssue(["antialias"]) {
            _ = try Self.load(Self.node("Resize", ["x", "roi", "scales"], strings: ["mode": "linear"], ints: ["antialias": 1]),
                              opset: 13, initializers: [Self.roi, Self.scales])
        }
        expectIssue(["half_pixel_symmetric", "opset 18"]) {
            _ = try Self.load(Self.node("Resize", ["x", "roi", "scales"], strings: ["coordinate_transformation_mode": "half_pixel_symmetric"]),
                              opset: 18, initializers: [Self.roi, Self.scales])
        }
        expectIssue(["mode='cubic'", "opset 10"]) {
            _ = try Self.load(Self.node("Resize", ["x", "scales"], strings: ["mode": "cubic"]), opset: 10, initializers: [Self.scales])
        }
        expectIssue(["mode"]) {
            _ = try Self.load(Self.node("DepthToSpace", ["x"], strings: ["mode": "CRD"], ints: ["blocksize": 2]), opset: 9,
                              input: [1, 4, 2, 2])
        }
    }

    @Test func unsupportedValuesAreNamed() throws {
        expectIssue(["nearest_mode='simple'"]) {
            _ = try Self.load(Self.node("Resize", ["x", "roi", "scales"], strings: ["nearest_mode": "simple"]),
                              opset: 13, initializers: [Self.roi, Self.scales])
        }
        expectIssue(["exactly one of scales", "sizes"]) {
            _ = try Self.load(Self.node("Resize", ["x", "roi", "roi"]), opset: 13, initializers: [Self.roi])
        }
        expectIssue(["Upsample scales", ">= 1"]) {
            _ = try Self.load(Self.node("Upsample", ["x"], floats: ["scales": [1, 1, 0.5, 2]]), opset: 7)
        }
        expectIssue(["scales", "expected 4"]) {
            _ = try Self.load(Self.node("Resize", ["x", "roi", "scales"]), opset: 13,
                              initializers: [Self.roi, ONNXModelFactory.tensor("scales", dims: [2], values: [2, 2])])
        }
        expectIssue(["blocksize", "divid"]) {
            _ = try Self.load(Self.node("SpaceToDepth", ["x"], ints: ["blocksize": 3]), opset: 13)
        }
        expectIssue(["scales", "constant"]) {
            _ = try Self.load(Self.node("Resize", ["x", "roi", "x"]), opset: 13, initializers: [Self.roi])
        }
    }
}
