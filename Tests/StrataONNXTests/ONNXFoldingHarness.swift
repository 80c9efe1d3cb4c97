import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Runs one ONNX node on constant inputs through the importer and gives its folded output.
///
/// The model is `x [1]` (unused) plus the node, whose inputs are initializers `i0, i1, …`
/// and whose output `y` is the graph output. ``fold(_:_:attributes:opset:sourceLocation:)``
/// returns the constant as the importer holds it (data type, exact Int64 values) and also
/// checks the public path: `ONNXImporter.load(bytes:)` then `Model.run`, where the constant
/// output becomes a float32 ``ConstantOp`` with the same dims and values.
enum FoldHarness {
    typealias F = ONNXModelFactory

    static func model(_ op: String, _ inputs: [Onnx_TensorProto?], attributes: [String: F.Attribute], opset: Int64) -> Onnx_ModelProto {
        var initializers: [Onnx_TensorProto] = []
        var names: [String] = []
        for (index, input) in inputs.enumerated() {
            guard var input else { names.append(""); continue }
            input.name = "i\(index)"
            initializers.append(input)
            names.append(input.name)
        }
        return F.model(input: [1], nodes: [F.node(op, names, "y", attributes: attributes)],
                       initializers: initializers, output: "y", opset: opset)
    }

    static func fold(_ op: String, _ inputs: [Onnx_TensorProto?], attributes: [String: F.Attribute] = [:], opset: Int64 = 17,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> ONNXConstant {
        let model = model(op, inputs, attributes: attributes, opset: opset)
        let importer = ONNXGraphImport(file: try ONNXModelFile(model, options: ONNXImportOptions()), inputShapes: ["x": [1]])
        _ = try importer.run()
        let value = try #require(importer.constants["y"], "\(op) did not fold", sourceLocation: sourceLocation)
        let outputs = try ONNXImporter.load(bytes: F.bytes(model)).run(["x": Tensor(shape: [1], values: [0])])
        let output = try #require(outputs["y"], sourceLocation: sourceLocation)
        #expect(output.shape.dimensions == value.dims, "the public path gives \(output.shape)", sourceLocation: sourceLocation)
        #expect(same(output.scalars, value.floats), "the public path gives \(output.scalars), the fold \(value.floats)",
                sourceLocation: sourceLocation)
        return value
    }

    /// Equal element by element, NaN equal to NaN.
    static func same(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    /// Expects the node's import to fail with an ``ONNXImportError`` naming the node and
    /// containing every fragment.
    static func expectIssue(_ fragments: [String], _ op: String, _ inputs: [Onnx_TensorProto?],
                            attributes: [String: F.Attribute] = [:], opset: Int64 = 17,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: ONNXImportError.self, sourceLocation: sourceLocation) {
            _ = try ONNXImporter.load(bytes: F.bytes(model(op, inputs, attributes: attributes, opset: opset)))
        }
        guard let error else { return }
        for fragment in ["node 'y' (\(op), opset \(opset))"] + fragments {
            #expect(error.description.contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    }
}

/// ``FoldHarness/fold(_:_:attributes:opset:sourceLocation:)``.
func fold(_ op: String, _ inputs: [Onnx_TensorProto?], attributes: [String: ONNXModelFactory.Attribute] = [:], opset: Int64 = 17,
          sourceLocation: SourceLocation = #_sourceLocation) throws -> ONNXConstant {
    try FoldHarness.fold(op, inputs, attributes: attributes, opset: opset, sourceLocation: sourceLocation)
}

/// Expects a folded integer or BOOL constant.
func expect(_ value: ONNXConstant, _ type: ONNXDataType, _ dims: [Int], ints: [Int64], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(value.dataType == type, sourceLocation: sourceLocation)
    #expect(value.dims == dims, sourceLocation: sourceLocation)
    guard case .int(let got) = value.values else { Issue.record("expected integers, got \(value.values)", sourceLocation: sourceLocation); return }
    #expect(got == ints, sourceLocation: sourceLocation)
}

/// Expects a folded floating-point constant (exact, NaN equal to NaN).
func expect(_ value: ONNXConstant, _ type: ONNXDataType, _ dims: [Int], floats: [Float], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(value.dataType == type, sourceLocation: sourceLocation)
    #expect(value.dims == dims, sourceLocation: sourceLocation)
    guard case .float(let got) = value.values else { Issue.record("expected floats, got \(value.values)", sourceLocation: sourceLocation); return }
    #expect(FoldHarness.same(got, floats), "\(got) != \(floats)", sourceLocation: sourceLocation)
}
