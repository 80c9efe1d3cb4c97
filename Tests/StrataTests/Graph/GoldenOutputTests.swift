import Foundation
import Strata
import StrataDiagnostics
import Testing

/// Every model zoo builder against numbers from an independent implementation: the
/// fixtures in Tests/Fixtures/golden hold a seeded input and onnxruntime's output for the
/// same weights (`GoldenModels.graph(name, size:, classes: 10, seed: 1)`) run through an
/// ONNX graph that `Scripts/make-golden` defines on its own from torchvision's topology.
@Suite struct GoldenOutputTests {
    /// Input size per model (10 classes, seed 1 for all), as `Scripts/make-golden` records them.
    static let sizes: [String: Int] = [
        "seednet": 28, "resnet18": 32, "resnet34": 32, "resnet50": 32, "mobilenetv2": 32, "vgg11": 32, "vgg16": 32,
    ]
    static let tolerance = 1e-4

    /// Tests/Fixtures/golden, found from this file's path (not a SwiftPM resource).
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Graph
        .deletingLastPathComponent()   // StrataTests
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Fixtures/golden")

    static let hint = "if the model definition changed on purpose, re-record with Scripts/make-golden (see Tests/Fixtures/golden/README.md)"

    @Test(arguments: ["seednet", "resnet18", "resnet34", "resnet50", "mobilenetv2", "vgg11", "vgg16"])
    func outputMatchesOnnxruntime(_ name: String) throws {
        let size = try #require(Self.sizes[name])
        let url = Self.fixtures.appendingPathComponent("\(name).safetensors")
        try #require(FileManager.default.fileExists(atPath: url.path),
                     "\(name): missing golden fixture \(url.path); record it with Scripts/make-golden")
        let fixture = try Safetensors.readContents(of: url)
        let input = try #require(fixture.tensors["input"], "\(name): fixture has no 'input' tensor")
        let expected = try #require(fixture.tensors["expected"], "\(name): fixture has no 'expected' tensor")
        #expect(fixture.metadata["model"] == name && fixture.metadata["size"] == "\(size)" && fixture.metadata["seed"] == "1",
                "\(name): fixture metadata \(fixture.metadata) does not describe \(name) at size \(size), seed 1")

        let graph = try GoldenModels.graph(name, size: size, classes: 10, seed: 1)
        let compiled = try graph.compiled().run(input).output.compared(with: expected)
        #expect(compiled.relativeError <= Self.tolerance,
                "\(name) (size \(size), seed 1), compiled graph vs onnxruntime \(fixture.metadata["onnxruntime"] ?? "?"): \(compiled); \(Self.hint)")
        let unoptimized = try GraphRunner(graph).run(input).output.compared(with: expected)
        #expect(unoptimized.relativeError <= Self.tolerance,
                "\(name) (size \(size), seed 1), GraphRunner vs onnxruntime \(fixture.metadata["onnxruntime"] ?? "?"): \(unoptimized); \(Self.hint)")
    }
}
