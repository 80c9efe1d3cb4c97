#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Strata

/// A training checkpoint in one safetensors file: the model's parameters and statistics
/// under `model.<name>`, the optimizer's state under `optimizer.<name>.<state>`, and in the
/// metadata the epochs done, the optimizer's step count and name, the seed, the model name,
/// the history so far and the run's settings (JSON). Written atomically, so an interrupted run leaves the
/// previous checkpoint whole; `strata train --resume` continues from it, with the same
/// batches the uninterrupted run would have seen (the shuffle depends on seed and epoch).
public struct Checkpoint: Sendable {
    /// Parameters and statistics by `state_dict` name.
    public var model: [String: Tensor]
    /// Optimizer state by `"<parameter>.<state>"`.
    public var optimizer: [String: Tensor]
    /// The optimizer's name (`adam`, `sgd`, `adamw`) and steps taken.
    public var optimizerName: String
    /// Steps the optimizer has taken.
    public var optimizerSteps: Int
    /// Epochs completed.
    public var epochs: Int
    /// The training seed.
    public var seed: UInt64
    /// The built-in model's name.
    public var modelName: String
    /// One entry per completed epoch.
    public var history: [EpochRecord]
    /// The run's settings a resumed run must repeat (batch size, learning rate, schedule,
    /// ...), by the names the caller chose (`strata train` uses its flags).
    public var settings: [String: String]

    /// A checkpoint of these parts.
    public init(model: [String: Tensor], optimizer: [String: Tensor], optimizerName: String, optimizerSteps: Int,
                epochs: Int, seed: UInt64, modelName: String, history: [EpochRecord], settings: [String: String] = [:]) {
        self.model = model
        self.optimizer = optimizer
        self.optimizerName = optimizerName
        self.optimizerSteps = optimizerSteps
        self.epochs = epochs
        self.seed = seed
        self.modelName = modelName
        self.history = history
        self.settings = settings
    }

    /// Writes the checkpoint atomically, replacing an older one.
    /// - Throws: `StrataError.invalidFile` when the file cannot be written.
    public func write(to url: URL) throws {
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in model { tensors["model.\(name)"] = tensor }
        for (name, tensor) in optimizer { tensors["optimizer.\(name)"] = tensor }
        // A diverged epoch's NaN loss must not make the checkpoint unwritable.
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let historyJSON = String(decoding: try encoder.encode(history), as: UTF8.self)
        let settingsJSON = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try Safetensors.write(tensors, to: url, metadata: [
            "format": "strata-checkpoint", "epochs": String(epochs), "optimizer": optimizerName,
            "optimizer_steps": String(optimizerSteps), "seed": String(seed), "model": modelName, "history": historyJSON,
            "settings": settingsJSON,
        ], overwrite: true)
    }

    /// Reads a checkpoint written by ``write(to:)``.
    /// - Throws: `StrataError.invalidFile` for a file that is not a Strata checkpoint,
    ///   naming what is missing.
    public static func read(from url: URL) throws -> Checkpoint {
        let contents = try Safetensors.readContents(of: url)
        let path = url.path(percentEncoded: false)
        let meta = contents.metadata
        guard meta["format"] == "strata-checkpoint" else {
            throw StrataError.invalidFile("\(path) is not a Strata training checkpoint (no format \"strata-checkpoint\" in its metadata)")
        }
        func field<T>(_ key: String, _ parse: (String) -> T?) throws -> T {
            guard let text = meta[key], let value = parse(text) else {
                throw StrataError.invalidFile("\(path): checkpoint metadata '\(key)' is missing or malformed")
            }
            return value
        }
        var model: [String: Tensor] = [:], optimizer: [String: Tensor] = [:]
        for (name, tensor) in contents.tensors {
            if name.hasPrefix("model.") { model[String(name.dropFirst(6))] = tensor }
            else if name.hasPrefix("optimizer.") { optimizer[String(name.dropFirst(10))] = tensor }
            else { throw StrataError.invalidFile("\(path): unexpected tensor '\(name)' in a checkpoint") }
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let history = try field("history") { try? decoder.decode([EpochRecord].self, from: Data($0.utf8)) }
        let settings = try field("settings") { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        return Checkpoint(
            model: model, optimizer: optimizer, optimizerName: try field("optimizer") { $0 },
            optimizerSteps: try field("optimizer_steps") { Int($0) }, epochs: try field("epochs") { Int($0) },
            seed: try field("seed") { UInt64($0) }, modelName: try field("model") { $0 }, history: history, settings: settings)
    }
}

/// One epoch as `strata train` reports and plots it.
public struct EpochRecord: Sendable, Codable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss and accuracy (0...1) over the epoch's batches.
    public var trainLoss: Double, trainAccuracy: Double
    /// Loss and accuracy (0...1) on the test set after the epoch.
    public var testLoss: Double, testAccuracy: Double
    /// Seconds of training (evaluation excluded) and training images per second.
    public var seconds: Double, imagesPerSecond: Double

    /// A record of these values.
    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, testLoss: Double, testAccuracy: Double,
                seconds: Double, imagesPerSecond: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.seconds = seconds
        self.imagesPerSecond = imagesPerSecond
    }
}
