import Foundation
import Strata
@testable import StrataTraining
import Testing

@Suite struct TrainerTests {
    static func dataset(_ count: Int, seed: UInt64) throws -> ImageDataset {
        let (images, labels) = try TrainingGraphTests.randomBatch(count, seed: seed)
        return try ImageDataset(images: images, labels: labels, classes: (0..<10).map { "class \($0)" })
    }

    static func trainer(_ data: ImageDataset) throws -> Trainer {
        let training = try TrainingGraph(TrainingGraphTests.smallNet(), batchSize: 8, threads: 1, seed: 9)
        let adam = try Adam(parameters: training.parameterShapes)
        return Trainer(training: training, optimizer: adam, learningRate: { _ in 1e-2 },
                       loader: try DataLoader(data, batchSize: 8, shuffle: true, seed: 9))
    }

    /// Two epochs in one go equal one epoch, a checkpoint written and read back into a fresh
    /// trainer, and the second epoch: bit for bit (shuffle by seed and epoch, optimizer state
    /// and step count restored).
    @Test func resumingFromACheckpointEqualsTrainingStraight() throws {
        let data = try Self.dataset(36, seed: 4)   // 4 full batches and a short one
        let straight = try Self.trainer(data)
        let e0 = try straight.trainEpoch(0, of: 2)
        _ = try straight.trainEpoch(1, of: 2)

        let first = try Self.trainer(data)
        let e0Again = try first.trainEpoch(0, of: 2)
        #expect(e0Again.trainLoss == e0.trainLoss && e0Again.trainAccuracy == e0.trainAccuracy)
        let file = FileManager.default.temporaryDirectory.appending(path: "strata-checkpoint-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        let record = EpochRecord(epoch: 1, trainLoss: e0.trainLoss, trainAccuracy: e0.trainAccuracy, testLoss: 0, testAccuracy: 0,
                                 seconds: 0, imagesPerSecond: 0)
        try Checkpoint(model: first.training.parameterTensors(), optimizer: first.optimizer.stateTensors(), optimizerName: "adam",
                       optimizerSteps: first.optimizer.stepCount, epochs: 1, seed: 9, modelName: "small", history: [record]).write(to: file)

        let checkpoint = try Checkpoint.read(from: file)
        #expect(checkpoint.epochs == 1 && checkpoint.optimizerSteps == 5 && checkpoint.history == [record] && checkpoint.modelName == "small")
        let resumed = try Self.trainer(data)
        try resumed.training.loadParameters(checkpoint.model)
        try resumed.optimizer.loadState(checkpoint.optimizer, stepCount: checkpoint.optimizerSteps)
        resumed.training.stepCount = UInt64(checkpoint.optimizerSteps)
        _ = try resumed.trainEpoch(1, of: 2)
        let (a, b) = (straight.training.parameterTensors(), resumed.training.parameterTensors())
        for (name, tensor) in a { #expect(tensor.scalars.map(\.bitPattern) == b[name]!.scalars.map(\.bitPattern), "\(name)") }
    }

    @Test func testCountsTheConfusionMatrix() throws {
        let data = try Self.dataset(20, seed: 5)
        let trainer = try Self.trainer(data)
        let (loss, accuracy, confusion) = try trainer.test(data)
        #expect(confusion.total == 20)
        #expect(abs(confusion.accuracy - accuracy) < 1e-12)
        #expect(loss > 0)
        for c in 0..<10 { #expect((0..<10).reduce(0) { $0 + confusion.count(actual: c, predicted: $1) } == data.labels.filter { $0 == c }.count) }
    }

    /// An absurd learning rate makes the loss NaN: the epoch stops with a message saying
    /// so, and a history holding NaN still makes a checkpoint that reads back.
    @Test func divergenceIsNamed() throws {
        let data = try Self.dataset(64, seed: 6)
        let training = try TrainingGraph(TrainingGraphTests.smallNet(), batchSize: 8, threads: 1, seed: 9)
        let sgd = try SGD(parameters: training.parameterShapes)
        let trainer = Trainer(training: training, optimizer: sgd, learningRate: { _ in 1e30 },
                              loader: try DataLoader(data, batchSize: 8, shuffle: true, seed: 9))
        do {
            _ = try trainer.trainEpoch(0, of: 1)
            Issue.record("an epoch at lr 1e30 finished")
        } catch let error as StrataError {
            #expect(error.description.contains("training diverged: the loss is"), "\(error)")
        }
        let file = FileManager.default.temporaryDirectory.appending(path: "strata-nan-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        let record = EpochRecord(epoch: 1, trainLoss: .nan, trainAccuracy: 0.1, testLoss: .infinity, testAccuracy: 0.1,
                                 seconds: 1, imagesPerSecond: 1)
        try Checkpoint(model: [:], optimizer: [:], optimizerName: "sgd", optimizerSteps: 1, epochs: 1, seed: 9, modelName: "small",
                       history: [record]).write(to: file)
        let read = try Checkpoint.read(from: file)
        #expect(read.history[0].trainLoss.isNaN && read.history[0].testLoss == .infinity)
    }

    @Test func checkpointErrors() throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "strata-not-a-checkpoint-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try Safetensors.write(["w": Tensor(shape: [2])], to: file)
        do {
            _ = try Checkpoint.read(from: file)
            Issue.record("read a plain weights file as a checkpoint")
        } catch let error as StrataError {
            #expect(error.description.contains("is not a Strata training checkpoint"))
        }
    }
}
