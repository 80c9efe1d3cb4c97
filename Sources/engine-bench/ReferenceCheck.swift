import Foundation
import Strata
import StrataReference

/// Thrown when the engine disagrees with the reference before timing: timing a wrong
/// kernel would be meaningless.
struct ReferenceMismatch: Error, CustomStringConvertible {
    let description: String
}

/// Runs `layer` once at a reduced spatial size (at most 14x14, so the naive reference is
/// quick) and compares it with the reference kernel.
func checkAgainstReference(_ layer: ConvLayerShape, tolerance: Double = 1e-5) throws {
    var rng = SeededGenerator(seed: 2)
    let configuration = layer.configuration
    let size = min(layer.inputSize, 14)
    let conv = try Conv2d(configuration, generator: &rng)
    let bias = try Tensor.uniform([configuration.outChannels], low: -1, high: 1, using: &rng)
    let layerWithBias = try Conv2d(configuration, weight: conv.weight, bias: bias)
    let input = try Tensor.uniform([1, configuration.inChannels, size, size], low: -1, high: 1, using: &rng)
    let actual = try layerWithBias(input)

    let geometry = try layerWithBias.plan(for: input.shape).geometry
    let parameters = ReferenceConv2dParameters(
        batch: 1, inChannels: configuration.inChannels, inHeight: size, inWidth: size,
        outChannels: configuration.outChannels, kernelHeight: configuration.kernel.height,
        kernelWidth: configuration.kernel.width, strideHeight: configuration.stride.height,
        strideWidth: configuration.stride.width, dilationHeight: configuration.dilation.height,
        dilationWidth: configuration.dilation.width, padTop: geometry.padding.top, padLeft: geometry.padding.left,
        padBottom: geometry.padding.bottom, padRight: geometry.padding.right, groups: configuration.groups)
    let expectedValues = Reference.conv2d(input: input.scalars, weights: conv.weight.scalars,
                                          bias: bias.scalars, parameters)
    let expected = try Tensor(shape: actual.shape.dimensions, values: expectedValues)
    let comparison = try actual.compared(with: expected)
    guard comparison.relativeError <= tolerance else {
        throw ReferenceMismatch(description: "\(layer.name) at \(size)x\(size) disagrees with the reference: \(comparison)")
    }
}
