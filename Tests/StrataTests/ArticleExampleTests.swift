import Strata
import Testing

/// Keeps the DocC articles' code honest (Sources/Strata/Strata.docc): the same calls as
/// "Getting started" and "Feature maps", run, with the shapes the articles state checked.
/// The shapes are torchvision's ResNet-18 at 224x224, not values from the code under test.
@Suite struct ArticleExampleTests {
    @Test func gettingStartedRunsAsDocumented() throws {
        let graph = try ModelZoo.build("resnet18", inputSize: 224, classes: 1000)
        _ = try graph.summary()
        let compiled = try graph.compiled()
        var rng = SeededGenerator(seed: 1)
        let image = try Tensor.uniform([1, 3, 224, 224], low: 0, high: 1, using: &rng)
        let (logits, _) = try compiled.run(image)
        #expect(logits.shape == [1, 1000])

        let b = try GraphBuilder(inputShape: [1, 1, 28, 28], seed: 1)
        var x = try b.relu(b.conv(b.input, 32, kernel: 3, padding: .same, name: "conv1"))
        x = try b.maxPool(x, kernel: 2, name: "pool1")
        x = try b.linear(b.flatten(b.globalAveragePool(x)), 10, name: "fc")
        let net = try b.build(outputs: [x])
        #expect(net.nodes[net.outputs[0]].outputShape == [1, 10])
    }

    @Test func featureMapsRunsAsDocumented() throws {
        var rng = SeededGenerator(seed: 2)
        let image = try Tensor.uniform([1, 3, 224, 224], low: 0, high: 1, using: &rng)
        let graph = try ModelZoo.build("resnet18")
        let (logits, maps) = try GraphRunner(graph).run(image, capturing: ["layer1.0.relu", "layer4.1.relu"])
        #expect(logits.shape == [1, 1000])
        #expect(maps["layer1.0.relu"]?.shape == [1, 64, 56, 56])
        let compiled = try graph.compiled(options: CompileOptions(keeping: ["layer4.1.relu"]))
        let (_, late) = try compiled.run(image, capturing: ["layer4.1.relu"])
        #expect(late["layer4.1.relu"]?.shape == [1, 512, 7, 7])
        let rgb = try ChannelPCA.project(late["layer4.1.relu"]!, components: 3)
        #expect(rgb.shape == [3, 7, 7])
    }
}
