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
        let graph = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(ONNXModelFactory.convRelu()))
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
        expectError(["cannot read", "/nonexistent/model.onnx"]) {
            _ = try ONNXImporter.load(contentsOf: URL(fileURLWithPath: "/nonexistent/model.onnx"))
        }
    }

    @Test func missingInitializerNamesTheNodeAndTensor() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.initializer = []
        expectError(["missing initializer", "node 'conv' (Conv) reads 'w'"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
    }

    @Test func wrongInputRankIsAnError() throws {
        let rank5 = ONNXModelFactory.model(input: [1, 2, 3, 4, 5], nodes: [ONNXModelFactory.node("Relu", ["x"], "y")], output: "y")
        expectError(["'x' has rank 5", "rank 1 to 4"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(rank5)) }
        var conv1d = ONNXModelFactory.convRelu()
        conv1d.graph.input = [ONNXModelFactory.valueInfo("x", dims: [1, 2, 4])]
        expectError(["node 'conv' (Conv)", "[1, 2, 4]", "[N, C, H, W]"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(conv1d)) }
    }

    @Test func symbolicBatchTakesTheOption() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.input = [ONNXModelFactory.valueInfo("x", dims: [nil, 2, 4, 4])]
        let graph = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model), options: ONNXImportOptions(batchSize: 3))
        #expect(graph.input.outputShape == [3, 2, 4, 4])
        model.graph.input = [ONNXModelFactory.valueInfo("x", dims: [1, nil, 4, 4])]
        expectError(["dimension 1 = symbolic ('batch')"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
    }

    @Test func everyUnsupportedNodeIsListedOnce() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.node = [
            ONNXModelFactory.node("Conv", ["x", "w"], "conv"),
            ONNXModelFactory.node("LRN", ["conv"], "lrn", name: "norm1"),          // unsupported op
            ONNXModelFactory.node("Relu", ["lrn"], "after"),                       // skipped: its input failed
            ONNXModelFactory.node("MaxPool", ["conv"], "pool", ints: ["kernel_shape": [2, 2], "strides": [2, 2, 2]]),
            ONNXModelFactory.node("Conv", ["x", "w"], "conv2", ints: ["pads": [0, 0, 0, 0], "bogus": [1]]),
            ONNXModelFactory.node("TopK", ["conv2"], "topk"),                      // unsupported op
            ONNXModelFactory.node("Add", ["pool", "topk"], "relu"),
        ]
        let error = #expect(throws: ONNXImportError.self) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
        guard case .unsupported(let problems)? = error else { Issue.record("expected .unsupported, got \(String(describing: error))"); return }
        #expect(problems.map(\.node) == ["norm1", "pool", "conv2", "topk"], "\(problems)")
        #expect(problems[0].reason.contains("op type 'LRN' is not supported"))
        #expect(problems[1].reason.contains("strides=[2, 2, 2]"))
        #expect(problems[2].reason.contains("'bogus'"))
        #expect(error!.description.hasPrefix("4 ONNX nodes cannot be imported"))
    }

    @Test func unsupportedDataTypeAndOpsetAreNamed() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.initializer[0].dataType = 11
        expectError(["tensor 'w'", "DOUBLE (11)"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
        var old = ONNXModelFactory.convRelu()
        old.opsetImport[0].version = 9
        expectError(["opset 9", "11 to 21"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(old)) }
    }

    @Test func rawDataOfTheWrongLengthIsAnError() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.initializer[0].floatData = []
        model.graph.initializer[0].rawData = Data(count: 20)
        expectError(["tensor 'w'", "20 bytes", "need 24"]) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
    }
}
