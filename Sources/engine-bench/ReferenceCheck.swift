import Foundation
import Strata
import StrataDiagnostics

/// Thrown when the engine disagrees with the reference before timing: timing a wrong
/// kernel would be meaningless.
struct ReferenceMismatch: Error, CustomStringConvertible {
    let description: String
}

/// Runs `layer` once at a reduced spatial size (at most 14x14, so the naive reference is
/// quick), with `algorithm` where it applies, and compares it with the convolution's entry
/// in the reference table. Winograd F(4x4) stays within the tolerance too (its error on
/// these layers measured up to 3.2e-6, Docs/PERFORMANCE.md).
func checkAgainstReference(_ layer: ConvLayerShape, algorithm: ConvAlgorithm? = nil, tolerance: Double = 1e-5) throws {
    var rng = SeededGenerator(seed: 2)
    let configuration = layer.configuration
    let size = min(layer.inputSize, 14)
    let conv = try Conv2d(configuration, generator: &rng)
    let bias = try Tensor.uniform([configuration.outChannels], low: -1, high: 1, using: &rng)
    let layerWithBias = try Conv2d(configuration, weight: conv.weight, bias: bias)
    layerWithBias.algorithm = algorithm
    let input = try Tensor.uniform([1, configuration.inChannels, size, size], low: -1, high: 1, using: &rng)
    let actual = try layerWithBias(input)

    let expected = try referenceOutput(of: ConvOp(configuration, weight: conv.weight, bias: bias), inputs: [input])
    let comparison = try actual.compared(with: expected)
    guard comparison.relativeError <= tolerance else {
        throw ReferenceMismatch(description: "\(layer.name) at \(size)x\(size) disagrees with the reference: \(comparison)")
    }
}

