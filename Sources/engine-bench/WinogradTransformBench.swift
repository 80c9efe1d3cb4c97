import ArgumentParser
import Foundation
@_spi(Diagnostics) import Strata

/// `engine-bench winograd-transforms`: the Winograd input and output transforms alone,
/// Swift kernels against the AVX2/FMA C kernels, on the 3x3 stride-1 layers.
struct WinogradTransformBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winograd-transforms",
        abstract: "Time the Winograd input and output transforms (one thread), Swift against AVX2/FMA C, on the ResNet-18 and VGG-16 3x3 layers.")

    @Flag(help: "Fewer repetitions (a quick look, noisier).")
    var quick = false

    func run() throws {
        print("Strata engine-bench winograd-transforms: one thread, medians; ratio = Swift / AVX2")
        print("(only F(4x4)'s output transform has a C kernel: the other columns run the Swift kernel twice)")
        print(["layer", "variant", "input Swift ms", "input AVX2 ms", "ratio", "output Swift ms", "output AVX2 ms", "ratio"]
            .joined(separator: "  "))
        for layer in ConvAlgorithmBench.layers {
            for algorithm in [ConvAlgorithm.winograd2x2, .winograd4x4] {
                try measure(layer, algorithm)
            }
        }
    }

    func measure(_ layer: ConvLayerShape, _ algorithm: ConvAlgorithm) throws {
        var rng = SeededGenerator(seed: 1)
        let shape: Shape = [1, layer.configuration.inChannels, layer.inputSize, layer.inputSize]
        let input = try Tensor.uniform(shape.dimensions, low: -1, high: 1, using: &rng)
        let kernels = try [false, true].map {
            try WinogradTransformBenchmark(configuration: layer.configuration, inputShape: shape, algorithm: algorithm, avx2: $0)
        }
        var workspace = [Float](repeating: 0, count: kernels[0].workspaceCount)
        var output = [Float](repeating: 0, count: layer.configuration.outChannels * layer.inputSize * layer.inputSize)
        let x = input.scalars
        let bodies: [() -> Void] = kernels.map { kernel in { kernel.transformInput(x, workspace: &workspace) } }
            + kernels.map { kernel in { kernel.transformOutput(into: &output, workspace: &workspace) } }
        let medians = medianInBlocks(repetitions: quick ? 14 : 35, bodies)
        print([layer.name, algorithm.rawValue,
               String(format: "%.3f", medians[0]), String(format: "%.3f", medians[1]), String(format: "%.2f", medians[0] / medians[1]),
               String(format: "%.3f", medians[2]), String(format: "%.3f", medians[3]), String(format: "%.2f", medians[2] / medians[3])]
            .joined(separator: "  "))
    }
}
