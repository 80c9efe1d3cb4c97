import Strata
import Testing

/// Keeps the README's usage example honest: the same code, run, with its claims checked.
@Suite struct ReadmeExampleTests {
    @Test func readmeExampleRunsAsDocumented() throws {
        var rng = SeededGenerator(seed: 42)
        let conv = try Conv2d(
            Conv2dConfiguration(inChannels: 3, outChannels: 16, kernel: 3, stride: 2, padding: .same),
            generator: &rng)
        let image = try Tensor.uniform([1, 3, 32, 32], low: -1, high: 1, using: &rng)
        let features = try conv(image)
        #expect(features.shape == [1, 16, 16, 16])
        #expect(try conv.plan(for: image.shape).algorithm == .im2colGemm)
    }
}
