import Foundation
import Strata
import Testing

/// `strata train` end to end on a slice of the real Fashion-MNIST files (the Debian package
/// Scripts/setup installs): the files it writes, the trained weights in `strata run`, the
/// exported ONNX model in onnxruntime (Scripts/check-onnx-export; python3 with numpy and
/// onnxruntime, installed by Scripts/setup: without them the test fails, it does not skip),
/// `--resume`, and the refusals.
@Suite struct StrataCLITrainTests {
    typealias CLI = StrataCLITests

    static let checkScript = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Scripts/check-onnx-export")

    static let quick = ["--limit", "256", "--test-limit", "200", "--batch", "32", "--threads", "1"]

    @Test func trainsWritesEverythingAndResumes() throws {
        let directory = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try CLI.strata(["train", "--epochs", "1", "--out", "run"] + Self.quick, in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("training seednet (421642 parameters) on Fashion-MNIST: 256 images, batch 32, adam lr 0.001"))
        #expect(first.stdout.contains("epoch 1/1  train loss "), "\(first.stdout)")
        #expect(first.stdout.contains("test accuracy"))
        #expect(first.stdout.contains("actual \\ predicted  T-shirt/top"), "the confusion matrix: \(first.stdout)")
        let run = directory.appending(path: "run")
        for file in ["checkpoint.safetensors", "weights.safetensors", "model.onnx", "history.csv", "training.png", "filters.png",
                     "maps/19-T-shirt_top/relu1.png", "maps/2-Trouser/pool2.png", "maps/2-Trouser/softmax.png"] {
            #expect(FileManager.default.fileExists(atPath: run.appending(path: file).path(percentEncoded: false)), "\(file)")
        }
        let history = try String(contentsOf: run.appending(path: "history.csv"), encoding: .utf8)
        #expect(history.split(separator: "\n").count == 2)

        // The trained weights load into the built-in model, and onnxruntime runs the
        // exported file with the same output.
        let output = try CLI.strata(["run", "seednet", "--weights", "run/weights.safetensors", "--input", "in.npy",
                                     "--output", "out.npy"], in: directory)
        #expect(output.status == 0, "\(output.stderr)")
        let check = Process()
        check.executableURL = URL(filePath: "/usr/bin/env")
        check.arguments = ["python3", Self.checkScript.path(percentEncoded: false), "run/model.onnx", "in.npy", "out.npy", "--rtol", "1e-4"]
        check.currentDirectoryURL = directory
        let pipe = Pipe()
        check.standardOutput = pipe
        check.standardError = pipe
        try check.run()
        let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0 && said.hasPrefix("ok:"), "onnxruntime on the exported model: \(said)")

        // The same folder again: refused unless resumed; resuming trains the second epoch.
        let again = try CLI.strata(["train", "--epochs", "1", "--out", "run"] + Self.quick, in: directory)
        #expect(again.status == 1)
        #expect(again.stderr.contains("holds an earlier run"), "\(again.stderr)")
        let otherSeed = try CLI.strata(["train", "--epochs", "2", "--out", "run", "--resume", "--seed", "5"] + Self.quick, in: directory)
        #expect(otherSeed.stderr.contains("its seed is 0, not 5"), "\(otherSeed.stderr)")
        let otherBatch = try CLI.strata(["train", "--epochs", "2", "--out", "run", "--resume", "--batch", "16"]
                                        + Self.quick.filter { $0 != "--batch" && $0 != "32" }, in: directory)
        #expect(otherBatch.stderr.contains("--batch was 32, now 16"), "\(otherBatch.stderr)")
        let resumed = try CLI.strata(["train", "--epochs", "2", "--out", "run", "--resume"] + Self.quick, in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming seednet after epoch 1 of 2"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("epoch 2/2 "))
        #expect(!resumed.stdout.contains("epoch 1/2 "))
        let resumedHistory = try String(contentsOf: run.appending(path: "history.csv"), encoding: .utf8)
        #expect(resumedHistory.split(separator: "\n").count == 3)
    }

    @Test func badSettingsAreRefused() throws {
        let directory = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (arguments, message) in [
            (["--optimizer", "rmsprop"], "--optimizer must be adam, adamw or sgd, got 'rmsprop'"),
            (["--epochs", "0"], "--epochs must be in 1...100000, got 0"),
            (["--lr", "-1"], "--lr must be a positive number"),
            (["--schedule", "linear"], "--schedule must be constant, step or cosine"),
            (["--resume", "--overwrite"], "give --resume or --overwrite, not both"),
            (["seednet2"], "unknown model 'seednet2'"),
            (["--epochs", "9223372036854775807"], "--epochs must be in 1...100000"),
            (["--schedule", "step", "--step-size", "9223372036854775807"], "--step-size must be in 1...100000 epochs"),
            (["--schedule", "cosine", "--warmup", "1e300"], "--warmup must be >= 0 and less than --epochs (5)"),
            (["--threads", "0"], "--threads must be >= 1, got 0"),
            (["--optimizer", "sgd", "--nesterov", "--momentum", "0"], "--nesterov needs --momentum above 0"),
            (["--momentum", "0.5"], "--momentum and --nesterov apply to --optimizer sgd only"),
            (["--gamma", "0.5"], "--gamma applies to --schedule step only"),
            (["--warmup", "1"], "--warmup applies to --schedule cosine only"),
        ] {
            let result = try CLI.strata(["train"] + arguments, in: directory)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let noCheckpoint = try CLI.strata(["train", "--resume", "--out", "empty"], in: directory)
        #expect(noCheckpoint.status == 1)
        #expect(noCheckpoint.stderr.contains("--resume: no checkpoint at"), "\(noCheckpoint.stderr)")
        let vgg = try CLI.strata(["train", "vgg11", "--out", "v"], in: directory)
        #expect(vgg.stderr.contains("vgg11 cannot take Fashion-MNIST's 28x28 images"), "\(vgg.stderr)")
        let noData = try CLI.strata(["train", "--data", "missing-folder", "--out", "x"], in: directory)
        #expect(noData.status == 1)
        #expect(noData.stderr.contains("dataset-fashion-mnist"), "\(noData.stderr)")
    }
}
