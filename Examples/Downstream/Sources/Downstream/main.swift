// Builds a seeded 3 -> 8 channel 3x3 convolution, runs it on a seeded input and checks
// the output shape; imports an ONNX fixture of the repository and runs it. Exits 1 with a message on stderr if anything goes wrong.
import Foundation
import Strata
import StrataONNX

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("Downstream: \(message)\n".utf8))
    exit(1)
}

do {
    var rng = SeededGenerator(seed: 42)
    let conv = try Conv2d(
        Conv2dConfiguration(inChannels: 3, outChannels: 8, kernel: 3, padding: .same),
        hasBias: true, generator: &rng)
    let input = try Tensor.uniform([1, 3, 16, 16], low: -1, high: 1, using: &rng)
    let output = try conv(input)

    let expected: Shape = [1, 8, 16, 16]
    guard output.shape == expected else {
        fail("output shape \(output.shape), expected \(expected)")
    }
    print("Downstream: output shape \(output.shape), BLAS core \(BLAS.coreName)")

    let model = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()   // Examples/Downstream
        .appendingPathComponent("../../Tests/Fixtures/onnx/small_net_batch3_nonsquare.onnx").standardized
    let onnx = try ONNXImporter.load(contentsOf: model)
    let logits = try onnx.graph().compiled().run(Tensor.uniform([3, 3, 10, 7], using: &rng)).output
    guard logits.shape == [3, 10] else { fail("ONNX model output shape \(logits.shape), expected [3, 10]") }
    print("Downstream: ONNX model \(model.lastPathComponent) output shape \(logits.shape)")
} catch {
    fail("\(error)")
}
