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

extension ReadmeExampleTests {
    @Test func readmeGraphExampleRunsAsDocumented() throws {
        let b = try GraphBuilder(inputShape: [1, 1, 28, 28], seed: 1)
        var x = try b.relu(b.conv(b.input, 32, kernel: 3, padding: .same, name: "conv1"))
        x = try b.maxPool(x, kernel: 2, name: "pool1")
        let skip = x
        x = try b.batchNorm(b.conv(x, 32, kernel: 3, padding: .same, name: "conv2"), name: "bn2")
        x = try b.relu(b.add(x, skip), name: "block")
        x = try b.linear(b.flatten(b.globalAveragePool(x)), 10, name: "fc")
        let graph = try b.build(outputs: [x])

        #expect(try graph.summary().rows.count == graph.nodes.count)
        let compiled = try graph.compiled(options: CompileOptions(keeping: ["block"]))
        var rng = SeededGenerator(seed: 2)
        let image = try Tensor.uniform([1, 1, 28, 28], using: &rng)
        let (logits, maps) = try compiled.run(image, capturing: ["block"])
        #expect(logits.shape == [1, 10])
        #expect(maps["block"]?.shape == [1, 32, 14, 14])
    }
}
