import ArgumentParser
import Foundation
import Strata
import StrataTraining

/// `strata train [MODEL] --epochs N --batch B --optimizer adam|adamw|sgd --lr X --out DIR`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train a built-in model on Fashion-MNIST; save weights, ONNX, filters, feature maps and a plot.",
        discussion: """
            Reads the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist, or --data DIR). \
            Prints a live progress line and the test accuracy after every epoch. DIR gets checkpoint.safetensors \
            (after every epoch, for --resume), weights.safetensors (for `strata run MODEL --weights`), model.onnx, \
            history.csv, training.png (loss and accuracy per epoch), filters.png (the first convolution's \
            filters) and maps/ (feature maps of test images of different classes). Models with 3 input channels \
            get the grayscale image repeated on each channel.
            """)

    @Argument(help: "Built-in model: \(ModelZoo.names.joined(separator: ", ")).")
    var model = "seednet"

    @Option(parsing: .unconditional, help: "Epochs to train (>= 1); with --resume, the total including those done.")
    var epochs = 5

    @Option(parsing: .unconditional, help: "Images per batch (>= 1).")
    var batch = 64

    @Option(help: "adam, adamw or sgd.")
    var optimizer = "adam"

    @Option(parsing: .unconditional, help: "Learning rate (default 1e-3 for adam and adamw, 0.01 for sgd).")
    var lr: Float?

    @Option(parsing: .unconditional, help: "SGD momentum (default 0.9).")
    var momentum: Float?

    @Flag(help: "SGD with Nesterov momentum.")
    var nesterov = false

    @Option(parsing: .unconditional, help: "Weight decay (L2 for sgd and adam, decoupled for adamw; default 0, 0.01 for adamw).")
    var weightDecay: Float?

    @Option(help: "Learning-rate schedule: constant, step (x --gamma every --step-size epochs) or cosine (after --warmup epochs).")
    var schedule = "constant"

    @Option(parsing: .unconditional, help: "Epochs between learning-rate drops of --schedule step (default 2).")
    var stepSize: Int?

    @Option(parsing: .unconditional, help: "Factor of each drop of --schedule step (default 0.1).")
    var gamma: Float?

    @Option(parsing: .unconditional, help: "Epochs of linear warm-up before --schedule cosine (default 0).")
    var warmup: Double?

    @Flag(help: "Random crop (padding 2) and horizontal flip of training images.")
    var augment = false

    @Option(parsing: .unconditional, help: "Threads (>= 1; default: STRATA_NUM_THREADS, else one per core).")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Seed of the weights, the shuffle and dropout: the same seed on one thread gives the same weights.")
    var seed: UInt64 = 0

    @Option(help: "Directory with the Fashion-MNIST files (train-images-idx3-ubyte.gz, ...).")
    var data: String?

    @Option(parsing: .unconditional, help: "Train on the first N training images only (a quick run).")
    var limit: Int?

    @Option(parsing: .unconditional, help: "Evaluate on the first N test images only (a quick run).")
    var testLimit: Int?

    @Option(help: "Output directory (created if missing).")
    var out = "strata-train"

    @Flag(help: "Continue from DIR/checkpoint.safetensors up to --epochs.")
    var resume = false

    @Flag(help: "Start over even if DIR holds an earlier run's checkpoint (its files are replaced).")
    var overwrite = false

    /// The most epochs (and epochs per learning-rate step) a run may ask for.
    static let maximumEpochs = 100_000

    func validate() throws {
        // Upper bounds keep step counts (epochs × batches) far from Int overflow.
        guard (1...Self.maximumEpochs).contains(epochs) else {
            throw ValidationError("--epochs must be in 1...\(Self.maximumEpochs), got \(epochs)")
        }
        if let threads { guard threads >= 1 else { throw ValidationError("--threads must be >= 1, got \(threads)") } }
        guard batch >= 1 else { throw ValidationError("--batch must be >= 1, got \(batch)") }
        guard ["adam", "adamw", "sgd"].contains(optimizer) else {
            throw ValidationError("--optimizer must be adam, adamw or sgd, got '\(optimizer)'")
        }
        guard ["constant", "step", "cosine"].contains(schedule) else {
            throw ValidationError("--schedule must be constant, step or cosine, got '\(schedule)'")
        }
        if let lr { guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be a positive number, got \(lr)") } }
        if let weightDecay { guard weightDecay >= 0 else { throw ValidationError("--weight-decay must be >= 0, got \(weightDecay)") } }
        if let stepSize {
            guard schedule == "step" else { throw ValidationError("--step-size applies to --schedule step only") }
            guard (1...Self.maximumEpochs).contains(stepSize) else {
                throw ValidationError("--step-size must be in 1...\(Self.maximumEpochs) epochs, got \(stepSize)")
            }
        }
        if let gamma {
            guard schedule == "step" else { throw ValidationError("--gamma applies to --schedule step only") }
            guard gamma >= 0, gamma.isFinite else { throw ValidationError("--gamma must be a number >= 0, got \(gamma)") }
        }
        if let warmup {
            guard schedule == "cosine" else { throw ValidationError("--warmup applies to --schedule cosine only") }
            guard warmup >= 0, warmup < Double(epochs) else {
                throw ValidationError("--warmup must be >= 0 and less than --epochs (\(epochs)) epochs, got \(warmup)")
            }
        }
        if momentum != nil || nesterov {
            guard optimizer == "sgd" else { throw ValidationError("--momentum and --nesterov apply to --optimizer sgd only") }
        }
        if let momentum { guard momentum >= 0, momentum.isFinite else { throw ValidationError("--momentum must be >= 0, got \(momentum)") } }
        if nesterov, (momentum ?? 0.9) == 0 { throw ValidationError("--nesterov needs --momentum above 0") }
        if let limit { guard limit >= 1 else { throw ValidationError("--limit must be >= 1, got \(limit)") } }
        if let testLimit { guard testLimit >= 1 else { throw ValidationError("--test-limit must be >= 1, got \(testLimit)") } }
        if resume && overwrite { throw ValidationError("give --resume or --overwrite, not both") }
        guard ModelZoo.names.contains(model) else {
            throw ValidationError("unknown model '\(model)'; expected one of \(ModelZoo.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        let threadCount = try ThreadOption.apply(threads)
        // The model first: one that cannot take 28x28 images fails before the data is read.
        let graph: Graph
        do {
            graph = try ModelZoo.build(model, inputSize: 28, classes: FashionMNIST.classes.count, batch: 1, seed: seed)
        } catch {
            throw StrataError.invalidArgument("\(model) cannot take Fashion-MNIST's 28x28 images: \(error)")
        }
        let outputs = try TrainOutputs(directory: out, resume: resume, overwrite: overwrite)
        let directory = data.map { URL(filePath: $0, directoryHint: .isDirectory) } ?? FashionMNIST.defaultDirectory
        var trainSet = try FashionMNIST.load(train: true, directory: directory)
        if let limit, limit < trainSet.count { trainSet = try trainSet.prefix(limit) }
        var testSet = try FashionMNIST.load(train: false, directory: directory)
        if let testLimit, testLimit < testSet.count { testSet = try testSet.prefix(testLimit) }
        let channels = ModelZoo.inputChannels(model)
        if channels != 1 {
            trainSet = try trainSet.repeatingChannels(channels)
            testSet = try testSet.repeatingChannels(channels)
        }

        // A batch larger than the data is one batch of all of it (PyTorch's DataLoader).
        let batchSize = min(batch, trainSet.count)
        if batchSize < batch {
            FileHandle.standardError.write(Data("note: --batch \(batch) is more than the \(trainSet.count) training images; using \(batchSize)\n".utf8))
        }
        let training = try TrainingGraph(graph, batchSize: batchSize, threads: threadCount, seed: seed)
        let loader = try DataLoader(
            trainSet, batchSize: batchSize, shuffle: true, seed: seed,
            augmentation: augment ? Augmentation(cropPadding: 2, horizontalFlip: true) : .none)
        let settings = OptimizerSettings(
            name: optimizer, learningRate: lr, momentum: momentum ?? 0.9, nesterov: nesterov, weightDecay: weightDecay,
            schedule: schedule, stepSizeEpochs: stepSize ?? 2, gamma: gamma ?? 0.1, warmupEpochs: warmup ?? 0)
        let recorded = runSettings(batchSize: batchSize, trainImages: trainSet.count, settings: settings)
        let optimizerInstance = try settings.makeOptimizer(for: training.parameterShapes)
        let learningRate = try settings.makeSchedule(stepsPerEpoch: loader.count, epochs: epochs)

        var history: [EpochRecord] = []
        var firstEpoch = 0
        if resume {
            let checkpoint = try outputs.readCheckpoint()
            try checkpoint.check(model: model, optimizer: optimizer, seed: seed, settings: recorded)
            try training.loadParameters(checkpoint.model)
            try optimizerInstance.loadState(checkpoint.optimizer, stepCount: checkpoint.optimizerSteps)
            training.stepCount = UInt64(checkpoint.optimizerSteps)
            history = checkpoint.history
            firstEpoch = checkpoint.epochs
            print(firstEpoch >= epochs
                  ? "\(out) has \(firstEpoch) epochs of \(model) trained already (--epochs \(epochs)); evaluating it"
                  : "resuming \(model) after epoch \(firstEpoch) of \(epochs) (test accuracy \(percent(history.last?.testAccuracy)))")
        }
        let trainer = Trainer(training: training, optimizer: optimizerInstance, learningRate: learningRate, loader: loader)
        if firstEpoch < epochs {
            print("training \(model) (\(graph.parameterCount) parameters) on Fashion-MNIST: \(trainSet.count) images, "
                  + "batch \(batchSize), \(optimizer) lr \(settings.baseLearningRate), \(schedule) schedule, \(threadCount) thread\(threadCount == 1 ? "" : "s"), seed \(seed)")
        }
        let progress = ProgressLine()
        var confusion: ConfusionMatrix?
        for epoch in firstEpoch..<max(firstEpoch, epochs) {
            let result = try trainer.trainEpoch(epoch, of: epochs) { progress.update($0) }
            progress.finish()
            let test = try trainer.test(testSet)
            confusion = test.confusion
            let record = EpochRecord(
                epoch: epoch + 1, trainLoss: result.trainLoss, trainAccuracy: result.trainAccuracy,
                testLoss: test.loss, testAccuracy: test.accuracy, seconds: result.seconds, imagesPerSecond: result.imagesPerSecond)
            history.append(record)
            print("epoch \(epoch + 1)/\(epochs)  " + String(
                format: "train loss %.4f  train accuracy %.2f%%  test loss %.4f  test accuracy %.2f%%  %.1f s  %.0f images/s",
                record.trainLoss, record.trainAccuracy * 100, record.testLoss, record.testAccuracy * 100,
                record.seconds, record.imagesPerSecond))
            fflush(nil)   // a line per epoch also when stdout is a file (nil: every stream)
            try outputs.writeCheckpoint(Checkpoint(
                model: training.parameterTensors(), optimizer: optimizerInstance.stateTensors(), optimizerName: optimizer,
                optimizerSteps: optimizerInstance.stepCount, epochs: epoch + 1, seed: seed, modelName: model, history: history,
                settings: recorded))
        }
        if confusion == nil { confusion = try trainer.test(testSet).confusion }
        print("test accuracy \(percent(history.last?.testAccuracy)) after \(history.count) epoch\(history.count == 1 ? "" : "s")")
        print(confusion!.description)
        try outputs.writeResults(
            trained: training.trainedGraph(), modelName: model, history: history, testSet: testSet)
    }

    /// What a resumed run must repeat to see the batches and learning rates the
    /// uninterrupted run would have (model, optimizer and seed are checked separately).
    /// The epoch count matters only to the cosine schedule, whose length it sets.
    private func runSettings(batchSize: Int, trainImages: Int, settings: OptimizerSettings) -> [String: String] {
        var recorded = [
            "--batch": String(batchSize), "training images (--limit)": String(trainImages),
            "--lr": String(settings.baseLearningRate), "--weight-decay": weightDecay.map { String($0) } ?? "default",
            "--schedule": schedule, "--augment": String(augment),
        ]
        if optimizer == "sgd" { recorded["--momentum"] = String(settings.momentum); recorded["--nesterov"] = String(nesterov) }
        if schedule == "step" { recorded["--step-size"] = String(settings.stepSizeEpochs); recorded["--gamma"] = String(settings.gamma) }
        if schedule == "cosine" { recorded["--warmup"] = String(settings.warmupEpochs); recorded["--epochs"] = String(epochs) }
        return recorded
    }

    private func percent(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0 * 100) } ?? "-" }
}
