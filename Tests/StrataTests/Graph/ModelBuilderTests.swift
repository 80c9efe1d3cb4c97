import Strata
import StrataDiagnostics
import Testing

/// The builders reproduce torchvision's (and Keras's) architectures: the parameter counts
/// below are the published ones (`sum(p.numel() for p in model.parameters())`).
@Suite struct ModelBuilderTests {
    static let published: [(String, Int)] = [
        ("resnet18", 11_689_512), ("resnet34", 21_797_672), ("resnet50", 25_557_032),
        ("mobilenetv2", 3_504_872), ("vgg11", 132_868_840), ("vgg16", 138_365_992),
        // Keras MNIST CNN: 320 + 18,496 + 3,136·128 + 128 + 1,290.
        ("seednet", 421_642),
    ]

    @Test(arguments: published.indices)
    func parameterCountMatchesTheReferenceArchitecture(_ index: Int) throws {
        let (name, expected) = Self.published[index]
        let graph = try ModelZoo.build(name, seed: 1)
        #expect(graph.parameterCount == expected, "\(name): \(graph.parameterCount) parameters, expected \(expected)")
    }

    @Test func outputShapesFollowInputSizeClassesAndBatch() throws {
        #expect(try ModelZoo.build("resnet50", inputSize: 64, classes: 7, batch: 3).nodes.last!.outputShape == [3, 7])
        #expect(try ModelZoo.build("mobilenetv2", inputSize: 32, classes: 5).nodes.last!.outputShape == [1, 5])
        #expect(try ModelZoo.build("seednet").nodes.last!.outputShape == [1, 10])
        #expect(try ModelZoo.build("vgg11", inputSize: 32, classes: 4).nodes.last!.outputShape == [1, 4])
    }

    @Test func unknownModelNameListsTheKnownOnes() {
        let error = #expect(throws: StrataError.self) { try ModelZoo.build("resnet19") }
        #expect(error?.description.contains("resnet18") == true)
    }

    /// Every node of every builder, fast kernel against reference kernel on the same inputs.
    @Test(arguments: ["seednet", "resnet18", "resnet50", "mobilenetv2", "vgg11"])
    func everyNodeMatchesItsReference(_ name: String) throws {
        let graph = try GoldenModels.graph(name, size: name == "seednet" ? 28 : 32, classes: 10, seed: 3)
        var rng = SeededGenerator(seed: 4)
        let input = try Tensor.uniform(graph.input.outputShape.dimensions, low: -1, high: 1, using: &rng)
        let report = try graph.findDivergence(input: input, tolerance: 1e-4)
        #expect(report.firstDivergent == nil, "\(name), seed 3/4:\n\(report)")
        #expect(report.entries.count == graph.nodes.count - 1)
    }
}
