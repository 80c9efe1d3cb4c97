// Builds a seeded 3 -> 8 channel 3x3 convolution, runs it on a seeded input and checks
// the output shape. Exits 1 with a message on stderr if anything goes wrong.
import Foundation
import Strata

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
} catch {
    fail("\(error)")
}
