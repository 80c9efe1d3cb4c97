import Foundation
import Strata
import StrataONNX
import Testing

/// Exported models in onnxruntime: Strata exports SeedNet and ResNet-18 (32x32) with
/// seeded weights and random BatchNorm statistics, writes a seeded batch of 2 and its own
/// output, and `Scripts/check-onnx-export` runs the file in onnxruntime and compares
/// (relative error 1e-4). A batch of 2 on a model built at batch 1 also checks that the
/// symbolic batch reaches onnxruntime. Needs python3 with numpy and onnxruntime, which
/// Scripts/setup installs: without them the test fails, it does not skip.
@Suite struct ONNXExportOnnxruntimeTests {
    static let script = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Scripts/check-onnx-export")

    /// Runs the script; its status and everything it printed.
    static func check(model: URL, input: URL, expected: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", script.path(percentEncoded: false), model.path(percentEncoded: false),
                             input.path(percentEncoded: false), expected.path(percentEncoded: false), "--rtol", "1e-4"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(arguments: ["seednet", "resnet18"])
    func onnxruntimeRunsTheExportedModel(name: String) throws {
        let seed: UInt64 = 21
        let size = name == "seednet" ? 28 : 32
        let channels = ModelZoo.inputChannels(name)
        let graph = try ModelZoo.build(name, inputSize: size, classes: 10, seed: seed).randomizingStatistics(seed: seed)
        let folder = FileManager.default.temporaryDirectory.appending(path: "onnx-export-ort-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var rng = SeededGenerator(seed: seed)
        let batch = try Tensor.uniform([2, channels, size, size], low: -1, high: 1, using: &rng)
        let compiled = try graph.compiled()
        let perImage = channels * size * size
        var outputs: [Float] = []
        for image in 0..<2 {
            let one = try Tensor(shape: [1, channels, size, size],
                                 values: Array(batch.scalars[(image * perImage)..<((image + 1) * perImage)]))
            outputs += try compiled.run(one).output.scalars
        }
        let model = folder.appending(path: "\(name).onnx")
        try ONNXExporter.write(graph, to: model)
        try Npy.write(batch, to: folder.appending(path: "input.npy"))
        try Npy.write(Tensor(shape: [2, 10], values: outputs), to: folder.appending(path: "expected.npy"))

        let result = try Self.check(model: model, input: folder.appending(path: "input.npy"),
                                    expected: folder.appending(path: "expected.npy"))
        #expect(result.status == 0, "\(name) seed \(seed): Scripts/check-onnx-export exited \(result.status): \(result.output)")
        #expect(result.output.hasPrefix("ok:"), "\(name) seed \(seed): \(result.output)")
    }
}
