import Foundation
import Strata
import StrataTraining
import StrataVision

/// The files `strata train` writes into its output directory, and the checks that keep an
/// earlier run's files from being replaced by accident.
struct TrainOutputs {
    let directory: URL
    var checkpoint: URL { directory.appending(path: "checkpoint.safetensors") }
    var weights: URL { directory.appending(path: "weights.safetensors") }
    var onnx: URL { directory.appending(path: "model.onnx") }
    var historyCSV: URL { directory.appending(path: "history.csv") }
    var plot: URL { directory.appending(path: "training.png") }
    var filters: URL { directory.appending(path: "filters.png") }
    var maps: URL { directory.appending(path: "maps", directoryHint: .isDirectory) }

    /// Checks the directory: with `resume` it must hold a checkpoint; otherwise it must not
    /// hold an earlier run's files unless `overwrite`. Creates it when missing.
    init(directory path: String, resume: Bool, overwrite: Bool) throws {
        guard !path.isEmpty else { throw StrataError.invalidArgument("--out is empty; expected a directory path") }
        directory = URL(filePath: path, directoryHint: .isDirectory)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw StrataError.invalidFile("--out \(path) is a file; expected a directory (made if missing)")
        }
        let fileManager = FileManager.default
        if resume {
            guard fileManager.fileExists(atPath: checkpoint.path(percentEncoded: false)) else {
                throw StrataError.invalidFile("--resume: no checkpoint at \(checkpoint.path(percentEncoded: false)); train without --resume first")
            }
        } else if !overwrite {
            let earlier = [checkpoint, weights, onnx, historyCSV, plot, filters, maps]
                .map { $0.path(percentEncoded: false) }.filter { fileManager.fileExists(atPath: $0) }
            guard earlier.isEmpty else {
                throw StrataError.invalidFile(
                    "\(path) holds an earlier run (\(earlier.map { URL(filePath: $0).lastPathComponent }.joined(separator: ", "))); "
                    + "pass --resume to continue it, --overwrite to replace it, or another --out")
            }
        }
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func readCheckpoint() throws -> Checkpoint { try Checkpoint.read(from: checkpoint) }

    func writeCheckpoint(_ value: Checkpoint) throws { try value.write(to: checkpoint) }

    /// history.csv: one row per epoch.
    func writeHistory(_ history: [EpochRecord]) throws {
        var text = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds,images_per_s\n"
        for r in history {
            text += "\(r.epoch),\(r.trainLoss),\(r.trainAccuracy),\(r.testLoss),\(r.testAccuracy),\(r.seconds),\(r.imagesPerSecond)\n"
        }
        try BinaryFile.write(Array(text.utf8), to: historyCSV, overwrite: true)
    }
}

extension Checkpoint {
    /// Refuses to resume a checkpoint of another model, optimizer or seed, or one trained
    /// with other batches or learning rates (`settings`, see `TrainCommand`). (One with
    /// the epochs asked for already done is only evaluated.)
    func check(model: String, optimizer: String, seed: UInt64, settings now: [String: String]) throws {
        var problems: [String] = []
        for key in Set(settings.keys).union(now.keys).sorted() where settings[key] != now[key] {
            problems.append("\(key) was \(settings[key] ?? "not set"), now \(now[key] ?? "not set")")
        }
        if modelName != model { problems.append("it trained \(modelName), not \(model)") }
        if optimizerName != optimizer { problems.append("its optimizer is \(optimizerName), not \(optimizer)") }
        if self.seed != seed { problems.append("its seed is \(self.seed), not \(seed)") }
        guard problems.isEmpty else {
            throw StrataError.invalidArgument("cannot resume the checkpoint: " + problems.joined(separator: "; "))
        }
    }
}
