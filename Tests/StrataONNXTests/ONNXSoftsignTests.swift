import Foundation
import Strata
@testable import StrataONNX
import Testing

/// ONNX Softsign (opset 1+): y = x / (1 + |x|), imported as ``Activation/softsign``.
@Suite struct ONNXSoftsignTests {
    @Test(arguments: [7, 17, 22])
    func importsAndRunsByTheFormula(opset: Int64) throws {
        let model = ONNXModelFactory.model(input: [1, 2, 2, 3], nodes: [ONNXModelFactory.node("Softsign", ["x"], "y")],
                                           output: "y", opset: opset)
        let imported = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model))
        let values: [Float] = [-3, -1, -0.5, 0, 0.25, 1, 3, 7, -7, 100, -1e30, .infinity]
        let x = try Tensor(shape: [1, 2, 2, 3], values: values)
        let y = try #require(imported.run(["x": x])["y"])
        #expect(y.shape == [1, 2, 2, 3])
        for (input, output) in zip(values, y.scalars) {
            let expected = input.isInfinite ? (input < 0 ? -1 : 1) : Float(Double(input) / (1 + abs(Double(input))))
            #expect(abs(output - expected) <= expected.ulp, "opset \(opset): softsign(\(input)) = \(output), expected \(expected)")
        }
        #expect(try imported.graph().nodes.contains { $0.op.opName == "softsign" })
    }
}
