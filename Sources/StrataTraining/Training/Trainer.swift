import Strata

/// The training loop: epochs of shuffled batches through a ``TrainingGraph`` and an
/// ``Optimizer`` under a learning-rate schedule, and evaluation on a test set, as a PyTorch
/// training script does it (`model.train()`, `for x, y in loader: ...`, `model.eval()`).
public final class Trainer {
    /// The model being trained.
    public let training: TrainingGraph
    /// Updates the parameters after each batch.
    public let optimizer: any Optimizer
    /// The learning rate of optimizer step `s` (0-based, counted over all epochs).
    public let learningRate: @Sendable (Int) -> Float
    /// The training batches (shuffled by its seed and the epoch).
    public private(set) var loader: DataLoader

    /// Where an epoch stands, reported after every step.
    public struct Progress: Sendable {
        /// 0-based epoch and the epoch count asked for.
        public var epoch: Int, epochs: Int
        /// Steps done in this epoch, and the epoch's step count.
        public var step: Int, steps: Int
        /// Mean loss and accuracy (0...1) over this epoch's batches so far.
        public var loss: Double, accuracy: Double
        /// Training images per second in this epoch so far.
        public var imagesPerSecond: Double
        /// Seconds this epoch has run.
        public var seconds: Double
    }

    /// What one epoch of training gave.
    public struct EpochResult: Sendable, Codable, Equatable {
        /// Mean training loss and accuracy over the epoch's batches (while the weights moved).
        public var trainLoss: Double, trainAccuracy: Double
        /// Wall-clock seconds of the epoch's training steps.
        public var seconds: Double
        /// Training images per second.
        public var imagesPerSecond: Double
    }

    /// A trainer; the optimizer must have been created for `training.parameterShapes`.
    public init(training: TrainingGraph, optimizer: any Optimizer, learningRate: @escaping @Sendable (Int) -> Float, loader: DataLoader) {
        self.training = training
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.loader = loader
    }

    /// Trains one epoch (`epoch` 0-based: it picks the shuffle order), calling `progress`
    /// after every step.
    /// - Throws: `StrataError` when a batch does not fit the graph, or when the loss stops
    ///   being finite (training diverged; the parameters are then left as they were before
    ///   that step's update).
    public func trainEpoch(_ epoch: Int, of epochs: Int, progress: (Progress) -> Void = { _ in }) throws -> EpochResult {
        loader.startEpoch(epoch)
        let steps = loader.count
        var (lossSum, correct, seen, step) = (0.0, 0, 0, 0)
        let clock = ContinuousClock()
        let start = clock.now
        while let batch = loader.next() {
            let result = try training.trainStep(images: batch.images, labels: batch.labels)
            guard result.loss.isFinite else {
                throw StrataError.invalidArgument(
                    "training diverged: the loss is \(result.loss) at epoch \(epoch + 1), step \(step + 1) of \(steps); "
                    + "the weights are no longer finite. Try a lower learning rate (the last checkpoint, if any, is unchanged)")
            }
            optimizer.step(training.parameters, learningRate: learningRate(optimizer.stepCount))
            lossSum += result.loss * Double(batch.count)
            correct += result.correct
            seen += batch.count
            step += 1
            let seconds = Self.seconds(clock.now - start)
            progress(Progress(epoch: epoch, epochs: epochs, step: step, steps: steps, loss: lossSum / Double(seen),
                              accuracy: Double(correct) / Double(seen), imagesPerSecond: Double(seen) / max(seconds, 1e-9),
                              seconds: seconds))
        }
        let seconds = Self.seconds(clock.now - start)
        return EpochResult(trainLoss: lossSum / Double(max(seen, 1)), trainAccuracy: Double(correct) / Double(max(seen, 1)),
                           seconds: seconds, imagesPerSecond: Double(seen) / max(seconds, 1e-9))
    }

    /// Evaluates `dataset` in eval mode in batches of the training batch size.
    /// - Returns: mean loss, accuracy (0...1) and the confusion matrix (rows: true class).
    /// - Throws: `StrataError` when the images do not fit the graph.
    public func test(_ dataset: ImageDataset) throws -> (loss: Double, accuracy: Double, confusion: ConfusionMatrix) {
        var loader = try DataLoader(dataset, batchSize: training.batchSize)
        var confusion = try ConfusionMatrix(classNames: dataset.classes)
        var (lossSum, correct) = (0.0, 0)
        while let batch = loader.next() {
            let labels = batch.labels
            var predictions = [Int](repeating: 0, count: labels.count)
            let result = try training.evaluate(images: batch.images, labels: labels) { predictions[$0] = $1 }
            try confusion.add(labels: labels, predictions: predictions)
            lossSum += result.loss * Double(batch.count)
            correct += result.correct
        }
        let count = Double(max(dataset.count, 1))
        return (lossSum / count, Double(correct) / count, confusion)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
