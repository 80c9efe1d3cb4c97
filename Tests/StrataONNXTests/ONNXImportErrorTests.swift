import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Malformed and unsupported models fail with one clear, typed error, never a crash.
@Suite struct ONNXImportErrorTests {
    /// Expects an ``ONNXImportError`` whose message contains every fragment.
    func expectError(_ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        let error = #expect(throws: ONNXImportError.self, sourceLocation: sourceLocation) { try body() }
        guard let error else { return }
        for fragment in fragments {
            #expect(error.description.contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    }

    @Test func validModelImports() throws {
        let graph = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(ONNXModelFactory.convRelu())).graph()
        #expect(graph.nodes.map(\.name) == ["x", "conv", "relu"])
        #expect(graph.nodes[graph.outputs[0]].outputShape == [1, 3, 4, 4])
    }

    @Test func everyTruncationFailsCleanly() throws {
        let bytes = try ONNXModelFactory.bytes(ONNXModelFactory.convRelu())
        for length in 0..<bytes.count {
            #expect(throws: ONNXImportError.self, "truncated to \(length) of \(bytes.count) bytes") {
                _ = try ONNXImporter.load(bytes: Array(bytes.prefix(length)))
            }
        }
    }

    @Test func randomBytesFailCleanly() {
        var rng = SeededGenerator(seed: 3)
        for length in [1, 7, 100, 4096] {
            for _ in 0..<50 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
                #expect(throws: ONNXImportError.self) { _ = try ONNXImporter.load(bytes: bytes) }
            }
        }
        expectError(["not an ONNX protobuf"]) { _ = try ONNXImporter.load(bytes: Array("hello, world".utf8)) }
    }

    @Test func missingFileIsAClearError() {
        // Missing, not malformed: the file reader's own error.
        let error = #expect(throws: StrataError.self) {
            _ = try ONNXImporter.load(contentsOf: URL(fileURLWithPath: "/nonexistent/model.onnx"))
        }
        #expect(error?.description == "invalid file: no such file: /nonexistent/model.onnx")
    }

    @Test func missingInitializerNamesTheNodeAndTensor() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.initializer = []
        expectError(["missing initializer", "node 'conv' (Conv) reads 'w'"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
    }

    @Test func wrongInputRankIsAnError() throws {
        let rank9 = ONNXModelFactory.model(input: [1, 1, 1, 1, 1, 1, 1, 1, 2], nodes: [ONNXModelFactory.node("Relu", ["x"], "y")], output: "y")
        expectError(["'x' has rank 9", "rank 0 to 8"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(rank9)) }
        var conv1d = ONNXModelFactory.convRelu()
        conv1d.graph.input = [ONNXModelFactory.valueInfo("x", dims: [1, 2, 4])]
        expectError(["node 'conv' (Conv, opset 17)", "[3, 2, 1, 1]", "[OC, IC/group, K]"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(conv1d)) }
        var conv3d = ONNXModelFactory.convRelu()
        conv3d.graph.input = [ONNXModelFactory.valueInfo("x", dims: [1, 2, 4, 4, 4])]
        expectError(["node 'conv' (Conv, opset 17)", "[1, 2, 4, 4, 4]", "3-D (volumetric) Conv is not supported"]) {
            _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(conv3d))
        }
    }

    @Test func symbolicBatchTakesTheOptionOrStaysSymbolic() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.input = [ONNXModelFactory.valueInfo("x", dims: [nil, 2, 4, 4])]
        let fixed = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model), options: ONNXImportOptions(batchSize: 3))
        #expect(try fixed.graph().input.outputShape == [3, 2, 4, 4])
        let symbolic = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model))
        #expect(symbolic.inputs == [InputSignature(name: "x", dimensions: [.symbolic("batch"), .fixed(2), .fixed(4), .fixed(4)])])
        #expect(throws: GraphError.self) { _ = try symbolic.graph() }
        #expect(try symbolic.graph(for: ["x": [5, 2, 4, 4]]).nodes.last!.outputShape == [5, 3, 4, 4])
        let mismatch = #expect(throws: GraphError.self) { _ = try symbolic.graph(for: ["x": [5, 3, 4, 4]]) }
        #expect(mismatch?.description.contains("fixes axis 1 to 2") == true, "\(String(describing: mismatch))")
    }

    @Test func everyUnsupportedNodeIsListedOnce() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.node = [
            ONNXModelFactory.node("Conv", ["x", "w"], "conv"),
            ONNXModelFactory.node("Det", ["conv"], "lrn", name: "norm1"),          // unsupported op
            ONNXModelFactory.node("Relu", ["lrn"], "after"),                       // skipped: its input failed
            ONNXModelFactory.node("MaxPool", ["conv"], "pool", ints: ["kernel_shape": [2, 2], "strides": [2, 2, 2]]),
            ONNXModelFactory.node("Conv", ["x", "w"], "conv2", ints: ["pads": [0, 0, 0, 0], "bogus": [1]]),
            ONNXModelFactory.node("TopK", ["conv2"], "topk"),                      // unsupported op
            ONNXModelFactory.node("Add", ["pool", "topk"], "relu"),
        ]
        let error = #expect(throws: ONNXImportError.self) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
        guard case .unsupported(let problems)? = error else { Issue.record("expected .unsupported, got \(String(describing: error))"); return }
        #expect(problems.map(\.node) == ["norm1", "pool", "conv2", "topk"], "\(problems)")
        #expect(problems[0].reason.contains("op type 'Det' is not supported"))
        #expect(problems[1].reason.contains("strides=[2, 2, 2]"))
        #expect(problems[2].reason.contains("'bogus'"))
        #expect(error!.description.hasPrefix("4 ONNX nodes cannot be imported"))
    }

    @Test func unsupportedDataTypeAndOpsetAreNamed() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.initializer[0].dataType = 8
        expectError(["tensor 'w'", "STRING (8)"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
        var old = ONNXModelFactory.convRelu()
        old.opsetImport[0].version = 6
        expectError(["opset 6", "7 to 22"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(old)) }
    }

    @Test func rawDataOfTheWrongLengthIsAnError() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.initializer[0].floatData = []
        model.graph.initializer[0].rawData = Data(count: 20)
        expectError(["tensor 'w'", "20 bytes", "need 24"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
    }

    @Test func sizesThatOverflowAreErrorsNotTraps() throws {
        // Reshape to [2^40, 2^40, -1]: the known sizes multiply past Int.
        let reshape = ONNXModelFactory.model(
            nodes: [ONNXModelFactory.node("Reshape", ["x", "shape"], "y")],
            initializers: [ONNXModelFactory.tensor("shape", .int64, dims: [3], ints: [1 << 40, 1 << 40, -1])], output: "y")
        expectError(["node 'y' (Reshape, opset 17)", "[1099511627776, 1099511627776, -1]", "do not divide"]) {
            _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(reshape))
        }
        let noInference = ONNXModelFactory.model(
            nodes: [ONNXModelFactory.node("Reshape", ["x", "shape"], "y")],
            initializers: [ONNXModelFactory.tensor("shape", .int64, dims: [3], ints: [0, 1 << 40, 1 << 40])], output: "y")
        expectError(["node 'y' (Reshape, opset 17)", "more elements than fit in Int"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(noInference)) }
        // An empty initializer whose other sizes multiply past Int.
        var empty = ONNXModelFactory.convRelu()
        empty.graph.initializer.append(ONNXModelFactory.tensor("huge", dims: [2_147_483_647, 2_147_483_647, 2_147_483_647, 0], values: []))
        expectError(["tensor 'huge'", "is too large"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(empty)) }
    }
}
