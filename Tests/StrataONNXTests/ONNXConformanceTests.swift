import Foundation
import Strata
import StrataONNX
import Testing

/// Every model in Tests/Fixtures/onnx (written by `Scripts/make-onnx-cases`) imported and
/// run, unoptimized and compiled, against onnxruntime's outputs at relative error <= 1e-4.
///
/// A fixture `NAME.safetensors` holds one or more test sets: tensors `input:X` (one per
/// graph input X) and `expected:Y` (one per graph output Y), each set's keys prefixed by
/// `SET/` when there are several (a model with symbolic sizes run at several shapes). The
/// oldest fixtures hold just `input` and `expected` for a one-input, one-output model.
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

    struct TestSet {
        var inputs: [String: Tensor] = [:]
        var expected: [String: Tensor] = [:]
    }

    /// The fixture's test sets by name ("" for a single set).
    static func testSets(_ tensors: [String: Tensor], model: Model) -> [String: TestSet] {
        var sets: [String: TestSet] = [:]
        for (key, tensor) in tensors {
            // A set prefix precedes the first "/", unless the key starts with the tensor's
            // role (a tensor name may hold "/" itself: `expected:a/b`).
            let unprefixed = key.hasPrefix("input") || key.hasPrefix("expected")
            let (set, name) = !unprefixed && key.contains("/")
                ? (String(key.prefix { $0 != "/" }), String(key.drop { $0 != "/" }.dropFirst())) : ("", key)
            if name == "input" { sets[set, default: TestSet()].inputs[model.inputs[0].name] = tensor }
            else if name == "expected" { sets[set, default: TestSet()].expected[model.outputNames[0]] = tensor }
            else if name.hasPrefix("input:") { sets[set, default: TestSet()].inputs[String(name.dropFirst(6))] = tensor }
            else if name.hasPrefix("expected:") { sets[set, default: TestSet()].expected[String(name.dropFirst(9))] = tensor }
        }
        return sets
    }

    @Test func fixturesArePresent() {
        #expect(Self.caseNames.count >= 20, "found \(Self.caseNames) in \(Self.fixtures.path); record them with Scripts/make-onnx-cases")
    }

    @Test(arguments: caseNames)
    func matchesOnnxruntime(_ name: String) throws {
        let model = try ONNXImporter.load(contentsOf: Self.fixtures.appendingPathComponent("\(name).onnx"))
        let fixture = try Safetensors.readContents(of: Self.fixtures.appendingPathComponent("\(name).safetensors"))
        let version = fixture.metadata["onnxruntime"] ?? "?"
        let sets = Self.testSets(fixture.tensors, model: model)
        #expect(!sets.isEmpty, "\(name): the fixture holds no test set")
        for (setName, set) in sets.sorted(by: { $0.key < $1.key }) {
            let label = setName.isEmpty ? name : "\(name) set \(setName)"
            #expect(Set(set.expected.keys) == Set(model.outputNames), "\(label): fixture outputs \(set.expected.keys.sorted()) vs model \(model.outputNames)")
            for workers in [1, 2] {
                let graph = try model.graph(for: set.inputs.mapValues(\.shape))
                let unoptimized = try GraphRunner(graph, workers: workers).run(set.inputs)
                let compiled = try model.run(set.inputs, workers: workers)
                for (output, expected) in set.expected {
                    for (runner, values) in [("GraphRunner", unoptimized), ("compiled", compiled)] {
                        let actual = try #require(values[output], "\(label): no output '\(output)'")
                        #expect(actual.shape == expected.shape, "\(label) \(runner): '\(output)' shape \(actual.shape) vs onnxruntime \(expected.shape)")
                        guard actual.shape == expected.shape else { continue }
                        let comparison = try actual.compared(with: expected)
                        #expect(comparison.relativeError <= Self.tolerance,
                                "\(label) workers \(workers), \(runner) '\(output)' vs onnxruntime \(version): \(comparison)")
                    }
                }
            }
        }
    }
}
