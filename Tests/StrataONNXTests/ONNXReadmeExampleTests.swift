import Foundation
import Strata
import StrataONNX
import Testing

/// The README's ONNX example, run on a fixture model: import, compile, run; and the
/// imported graph goes through the same compilation passes as a built one.
@Suite struct ONNXReadmeExampleTests {
    @Test func readmeExampleRunsAsDocumented() throws {
        let url = ONNXConformanceTests.fixtures.appendingPathComponent("conv_batchnorm_relu.onnx")
        let model = try ONNXImporter.load(contentsOf: url)
        var rng = SeededGenerator(seed: 1)
        let image = try Tensor.uniform([2, 3, 7, 6], using: &rng)
        let output = try #require(try model.run([model.inputs[0].name: image])[model.outputNames[0]])
        #expect(output.shape == [2, 4, 4, 3])
        let graph = try model.graph()
        // Conv + BatchNorm + Relu compile to one fused convolution.
        let compiled = try graph.compiled()
        #expect(compiled.graph.nodes.count == 2, "\(compiled.graph.nodes.map(\.op.opName))")
        #expect(compiled.graph.nodes[1].op.opName == "Conv2d+\(Activation.relu.name)")
    }
}
