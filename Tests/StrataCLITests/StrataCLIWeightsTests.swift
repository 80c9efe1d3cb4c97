import Foundation
import Strata
import Testing

/// `--weights FILE.safetensors`: a torchvision state_dict loads into the built-in model
/// unchanged and gives onnxruntime's output; every mismatch is listed in one error.
@Suite struct StrataCLIWeightsTests {
    /// A directory with `w.safetensors` (the torchvision-named ResNet-18 weights), `x.npy`
    /// (the fixture's input) and the fixture's expected output and key list.
    static func resnetWorkspace() throws -> (directory: URL, expected: Tensor, keys: [TorchvisionWeightsFile.Key]) {
        let directory = try StrataCLITests.workspace()
        let fixture = try Safetensors.readContents(of: TorchvisionWeightsFile.fixture)
        let keys = try TorchvisionWeightsFile.keys(fixture.metadata)
        try TorchvisionWeightsFile.write(keys, to: directory.appending(path: "w.safetensors"))
        try Npy.write(fixture.tensors["input"]!, to: directory.appending(path: "x.npy"))
        return (directory, fixture.tensors["expected"]!, keys)
    }

    /// max |actual - expected| / max |expected|, as GoldenOutputTests measures.
    static func relativeError(_ actual: Tensor, _ expected: Tensor) -> Double {
        let scale = expected.scalars.map { abs(Double($0)) }.max() ?? 1
        return zip(actual.scalars, expected.scalars).map { abs(Double($0) - Double($1)) }.max()! / scale
    }

    /// The generator agrees with numpy's: values Scripts/make-torchvision-golden printed.
    @Test func theWeightFormulaMatchesTheScript() throws {
        let keys = try TorchvisionWeightsFile.keys(Safetensors.readContents(of: TorchvisionWeightsFile.fixture).metadata)
        #expect(keys.count == 122 && keys[0].name == "conv1.weight" && keys[5].name == "bn1.num_batches_tracked")
        #expect(keys.contains { $0.name == "layer2.0.downsample.0.weight" && $0.shape == [128, 64, 1, 1] })
        #expect(Array(TorchvisionWeightsFile.values(0, keys[0]).prefix(3)) == [0.09042607247829437, 0.1003410592675209, 0.06781650334596634])
        let fcBias = keys.firstIndex { $0.name == "fc.bias" }!
        #expect(Array(TorchvisionWeightsFile.values(fcBias, keys[fcBias]).prefix(3))
                == [-0.011814278550446033, -0.008441045880317688, -0.04247145727276802])
    }

    /// torchvision names, I64 num_batches_tracked, 10 classes from fc.weight, a 32x32 input:
    /// the output is onnxruntime's for the same weights (Scripts/make-torchvision-golden).
    /// Without the num_batches_tracked entries (older checkpoints) the result is the same.
    @Test func aTorchvisionResNet18StateDictLoadsAndMatchesOnnxruntime() throws {
        let (directory, expected, keys) = try Self.resnetWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try StrataCLITests.strata(
            ["run", "resnet18", "--weights", "w.safetensors", "--input", "x.npy", "--output", "y.npy"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let output = try Npy.read(contentsOf: directory.appending(path: "y.npy"))
        #expect(output.shape == [1, 10])
        #expect(Self.relativeError(output, expected) <= 1e-4, "\(output.scalars) vs \(expected.scalars)")

        try TorchvisionWeightsFile.write(keys, to: directory.appending(path: "w2.safetensors"),
                                         omitting: Set(keys.map(\.name).filter { $0.hasSuffix("num_batches_tracked") }))
        let again = try StrataCLITests.strata(
            ["run", "resnet18", "--weights", "w2.safetensors", "--input", "x.npy", "--output", "y2.npy"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Npy.read(contentsOf: directory.appending(path: "y2.npy")).scalars == output.scalars)
    }

    /// One missing, one unexpected and one mis-shaped tensor: one error lists all three,
    /// with the file's path; exit status 1, nothing written.
    @Test func everyMismatchIsListedInOneError() throws {
        let (directory, _, keys) = try Self.resnetWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fourFloats = [UInt8](repeating: 0, count: 16)
        try TorchvisionWeightsFile.write(
            keys, to: directory.appending(path: "bad.safetensors"), omitting: ["layer1.0.bn1.running_var"],
            override: ["fc.weight": ("F32", [2, 2], fourFloats), "head.weight": ("F32", [4], fourFloats)])
        let result = try StrataCLITests.strata(
            ["run", "resnet18", "--weights", "bad.safetensors", "--input", "x.npy", "--output", "y.npy"], in: directory)
        #expect(result.status == 1, "\(result.stderr)")
        for part in ["bad.safetensors", "missing \"layer1.0.bn1.running_var\" (expected shape [64])",
                     "unexpected \"head.weight\" (shape [4])", "\"fc.weight\" has shape [2, 2]; expected [2, 512]"] {
            #expect(result.stderr.contains(part), "\(part) not in: \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "y.npy").path(percentEncoded: false)))
    }

    /// The classes follow the file (fc.weight [10, 512]); summary and bench take --weights.
    @Test func summaryAndBenchTakeWeights() throws {
        let (directory, _, _) = try Self.resnetWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let summary = try StrataCLITests.strata(["summary", "resnet18", "--weights", "w.safetensors", "--input-shape", "1x3x32x32"], in: directory)
        #expect(summary.status == 0, "\(summary.stderr)")
        let fcLine = summary.stdout.split(separator: "\n").first { $0.hasPrefix("fc ") }
        #expect(fcLine?.contains("[1, 10]") == true, "\(summary.stdout)")
        let bench = try StrataCLITests.strata(
            ["bench", "resnet18", "--weights", "w.safetensors", "--size", "32", "--runs", "1", "--threads", "1", "--json"], in: directory)
        #expect(bench.status == 0, "\(bench.stderr)")
    }

    /// --weights belongs to built-in models; a file without the classifier's weight says
    /// which name it looked for.
    @Test func weightsMistakesAreNamed() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = StrataCLITests.onnxFixtures.appending(path: "symbolic_hw_conv_pool.onnx").path(percentEncoded: false)
        try TorchvisionWeightsFile.write([.init(name: "conv1.weight", dtype: "F32", shape: [2])], to: directory.appending(path: "w.safetensors"))
        let onnx = try StrataCLITests.strata(["summary", model, "--weights", "w.safetensors", "--input-shape", "1x3x8x8"], in: directory)
        #expect(onnx.status == 1 && onnx.stderr.contains("carries its own weights"), "\(onnx.stderr)")
        let noClassifier = try StrataCLITests.strata(["summary", "resnet18", "--weights", "w.safetensors"], in: directory)
        #expect(noClassifier.status == 1 && noClassifier.stderr.contains("tensor 'fc.weight' is missing"), "\(noClassifier.stderr)")
        let absent = try StrataCLITests.strata(["summary", "resnet18", "--weights", "nothere.safetensors"], in: directory)
        #expect(absent.status == 1 && absent.stderr.contains("nothere.safetensors"), "\(absent.stderr)")
    }
}
