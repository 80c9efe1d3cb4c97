import Foundation
import Strata
import StrataONNX
import Testing

/// Every model in Tests/Fixtures/onnx (written by `Scripts/make-onnx-cases`) imported and
/// run compiled and unoptimized, against onnxruntime's output at relative error <= 1e-4.
@Suite struct ONNXConformanceTests {
    static let tolerance = 1e-4

    /// Tests/Fixtures/onnx, found from this file's path (not a SwiftPM resource).
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // StrataONNXTests
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Fixtures/onnx")

    static var caseNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return files.filter { $0.hasSuffix(".onnx") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func fixturesArePresent() {
        #expect(Self.caseNames.count >= 20, "found \(Self.caseNames) in \(Self.fixtures.path); record them with Scripts/make-onnx-cases")
    }

    @Test(arguments: caseNames)
    func matchesOnnxruntime(_ name: String) throws {
        let graph = try ONNXImporter.load(contentsOf: Self.fixtures.appendingPathComponent("\(name).onnx"))
        let fixture = try Safetensors.readContents(of: Self.fixtures.appendingPathComponent("\(name).safetensors"))
        let input = try #require(fixture.tensors["input"], "\(name): fixture has no 'input'")
        let expected = try #require(fixture.tensors["expected"], "\(name): fixture has no 'expected'")
        let version = fixture.metadata["onnxruntime"] ?? "?"
        for workers in [1, 2] {
            let unoptimized = try GraphRunner(graph, workers: workers).run(input).output
            #expect(unoptimized.shape == expected.shape, "\(name): GraphRunner shape \(unoptimized.shape) vs onnxruntime \(expected.shape)")
            if unoptimized.shape == expected.shape {
                let comparison = try unoptimized.compared(with: expected)
                #expect(comparison.relativeError <= Self.tolerance,
                        "\(name) workers \(workers), GraphRunner vs onnxruntime \(version): \(comparison)")
            }
            let compiled = try graph.compiled(workers: workers).run(input).output
            if compiled.shape == expected.shape {
                let comparison = try compiled.compared(with: expected)
                #expect(comparison.relativeError <= Self.tolerance,
                        "\(name) workers \(workers), compiled vs onnxruntime \(version): \(comparison)")
            }
        }
    }
}
