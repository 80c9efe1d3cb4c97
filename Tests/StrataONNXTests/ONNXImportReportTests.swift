import Foundation
import Strata
@testable import StrataONNX
import Testing

/// The import report and the symbolic-size machinery: every problem in one error, carry-on
/// through `value_info`, options that fix sizes, opsets past 22.
@Suite struct ONNXImportReportTests {
    func problems(_ body: () throws -> Void) -> [ONNXImportError.NodeProblem] {
        do {
            try body()
            Issue.record("expected an ONNXImportError")
        } catch let error as ONNXImportError {
            if case .unsupported(let problems) = error { return problems }
            Issue.record("expected .unsupported, got \(error)")
        } catch {
            Issue.record("expected an ONNXImportError, got \(error)")
        }
        return []
    }

    /// Ten unsupported ops one after another: the report lists all ten, in order.
    @Test func tenUnsupportedNodesInAChainAreAllListed() throws {
        let ops = ["Det", "TopK", "NonZero", "Einsum", "Unique", "GridSample", "RoiAlign", "CumSum", "Trilu", "ScatterND"]
        var nodes = [ONNXModelFactory.node("Relu", ["x"], "t0")]
        for (index, op) in ops.enumerated() {
            nodes.append(ONNXModelFactory.node(op, ["t\(index)"], "t\(index + 1)", name: "bad\(index)"))
        }
        nodes.append(ONNXModelFactory.node("Relu", ["t10"], "y"))
        let model = ONNXModelFactory.model(nodes: nodes, output: "y")
        let found = problems { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
        #expect(found.map(\.node) == (0..<10).map { "bad\($0)" })
        #expect(zip(found, ops).allSatisfy { $0.reason == "op type '\($1)' is not supported" }, "\(found)")
    }

    /// With `value_info` shapes for a failed node's output, the import carries on and also
    /// reports a later problem that needs that shape (a bad conv weight downstream).
    @Test func valueInfoShapesLetTheImportCarryOn() throws {
        var model = ONNXModelFactory.model(nodes: [
            ONNXModelFactory.node("Det", ["x"], "n", name: "norm"),
            ONNXModelFactory.node("Conv", ["n", "w"], "c", name: "conv"),
            ONNXModelFactory.node("Reshape", ["x", "n"], "y", name: "reshape"),
            ONNXModelFactory.node("Add", ["c", "y"], "z", name: "add"),   // reads a failed node: not reported again
        ], initializers: [ONNXModelFactory.tensor("w", dims: [3, 5, 1, 1], values: [Float](repeating: 1, count: 15))], output: "z")
        model.graph.valueInfo = [ONNXModelFactory.valueInfo("n", dims: [1, 2, 4, 4])]
        let found = problems { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
        #expect(found.map(\.node) == ["norm", "conv", "reshape"], "\(found)")
        guard found.count == 3 else { return }
        #expect(found[1].reason.contains("input has 2 channels; weight [3, 5, 1, 1] with group 1 expects 5"))
        #expect(found[2].reason.contains("'n', the shape) is not known at import: node 'norm' that computes it failed"))
    }

    @Test func optionsFixSizesByInputOrBySymbol() throws {
        var model = ONNXModelFactory.convRelu()
        model.graph.input = [ONNXModelFactory.valueInfo("x", dims: [nil, 2, nil, nil], names: ["batch", nil, "height", "width"])]
        let bytes = try ONNXModelFactory.bytes(model)
        let symbolic = try ONNXImporter.load(bytes: bytes)
        #expect(symbolic.inputs[0].description == "x [batch, 2, height, width]")
        let byInput = try ONNXImporter.load(bytes: bytes, options: ONNXImportOptions(inputShapes: ["x": [2, 2, 5, 3]]))
        #expect(try byInput.graph().nodes.last!.outputShape == [2, 3, 5, 3])
        let bySymbol = try ONNXImporter.load(bytes: bytes, options: ONNXImportOptions(dimensions: ["height": 6], batchSize: 1))
        #expect(bySymbol.inputs[0].description == "x [1, 2, 6, width]")
        let wrong = #expect(throws: ONNXImportError.self) {
            _ = try ONNXImporter.load(bytes: bytes, options: ONNXImportOptions(inputShapes: ["x": [1, 3, 4, 4]]))
        }
        #expect(wrong?.description.contains("the file fixes axis 1 to 2") == true)
        let unknown = #expect(throws: ONNXImportError.self) {
            _ = try ONNXImporter.load(bytes: bytes, options: ONNXImportOptions(dimensions: ["depth": 3]))
        }
        #expect(unknown?.description.contains("'depth', which no input uses; the symbolic dimensions are [\"batch\", \"height\", \"width\"]") == true)
    }

    /// A symbolic model: `load` reports unsupported op types at once; a run at a concrete
    /// size reports what depends on sizes, naming the bound dimensions.
    @Test func symbolicModelsReportAtLoadAndAtTheFirstRun() throws {
        var model = ONNXModelFactory.model(nodes: [
            ONNXModelFactory.node("Relu", ["x"], "r"),
            ONNXModelFactory.node("Reshape", ["r", "target"], "y", name: "reshape"),
        ], output: "y")
        model.graph.initializer = [ONNXModelFactory.int64s("target", [2, -1, 5])]
        model.graph.input = [ONNXModelFactory.valueInfo("x", dims: [1, 2, nil, nil], names: [nil, nil, "h", "w"])]
        let loaded = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model))
        #expect(try loaded.run(try Tensor(shape: [1, 2, 5, 3]))["y"]?.shape == [2, 3, 5])
        let error = #expect(throws: GraphError.self) { _ = try loaded.run(try Tensor(shape: [1, 2, 4, 4])) }
        #expect(error?.description.contains("the model cannot run with h=4, w=4") == true, "\(String(describing: error))")
        #expect(error?.description.contains("node 'reshape' (Reshape, opset 17): cannot reshape [1, 2, 4, 4] (32 elements) to [2, -1, 5]") == true)

        var unsupported = model
        unsupported.graph.node.append(ONNXModelFactory.node("Det", ["y"], "z", name: "lrn"))
        unsupported.graph.output = [ONNXModelFactory.valueInfo("z", dims: [])]
        // The op type fails at load; the import is then tried at probe sizes (h = w = 64)
        // to list the rest, and what only fails there says so.
        let found = problems { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(unsupported)) }
        #expect(found.map(\.node) == ["reshape", "lrn"])
        #expect(found.first?.reason.hasSuffix("(found planning at probe sizes h=64, w=64; the model's sizes are symbolic)") == true)
        #expect(found.last?.reason == "op type 'Det' is not supported")
    }

    /// Above opset 22 a model imports when its ops did not change after 22 in the spec.
    @Test func opsetsPast22TakeUnchangedOps() throws {
        var model = ONNXModelFactory.convRelu()
        model.opsetImport[0].version = 24
        #expect(try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)).graph().nodes.count == 3)
        var changed = ONNXModelFactory.model(nodes: [ONNXModelFactory.node("Flatten", ["x"], "y")], output: "y", opset: 24)
        changed.opsetImport[0].version = 24
        let found = problems { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(changed)) }
        #expect(found.first?.reason == "Flatten changed in opset 24 (the model imports opset 24); Strata implements it through opset 22")
    }
}
