import ArgumentParser
import Foundation
import Strata
import StrataTraining

/// `engine-bench train`: training throughput (forward, loss, backward and an Adam step) of
/// the seed network and ResNet-18 on random 32x32 images, and where the time goes.
struct TrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Training images/s of seednet and resnet18 at 32x32, with the share of time in GEMM, im2col/col2im and the rest.")

    @Option(parsing: .upToNextOption, help: "Built-in models to train (\(ModelZoo.names.joined(separator: ", "))).")
    var models: [String] = ["seednet", "resnet18"]

    @Option(help: "Images per batch (>= 1).")
    var batch = 64

    @Option(help: "Input height and width.")
    var size = 32

    @Option(help: "Threads (>= 1).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Timed steps per round (>= 1).")
    var steps = 20

    @Option(help: "Rounds; the median round is reported (>= 1).")
    var rounds = 3

    @Flag(help: "Print one JSON object per model instead of text.")
    var json = false

    func validate() throws {
        guard batch >= 1, size >= 1, threads >= 1, steps >= 1, rounds >= 1 else {
            throw ValidationError("--batch, --size, --threads, --steps and --rounds must be >= 1")
        }
        for name in models where !ModelZoo.names.contains(name) {
            throw ValidationError("unknown model '\(name)'; expected one of \(ModelZoo.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        if !json { print("OpenBLAS core: \(BLAS.coreName); batch \(batch), \(size)x\(size), \(threads) thread(s), median of \(rounds) rounds of \(steps) steps") }
        for name in models {
            let graph = try ModelZoo.build(name, inputSize: size, classes: 10, batch: 1, seed: 1)
            let training = try TrainingGraph(graph, batchSize: batch, threads: threads, seed: 1)
            let adam = try Adam(parameters: training.parameterShapes)
            var rng = SeededGenerator(seed: 7)
            let channels = ModelZoo.inputChannels(name)
            let images = try Tensor.uniform([batch, channels, size, size], low: 0, high: 1, using: &rng)
            let labels = (0..<batch).map { _ in Int(rng.next() % 10) }
            // Warm-up: first-touch page faults and OpenBLAS's buffers stay out of the timing.
            for _ in 0..<2 {
                _ = try training.trainStep(images: images, labels: labels)
                adam.step(training.parameters, learningRate: 1e-3)
            }
            var rounds: [(seconds: Double, gemm: Double, im2col: Double, col2im: Double)] = []
            for _ in 0..<self.rounds {
                KernelProfile.reset()
                KernelProfile.isEnabled = true
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<steps {
                    _ = try training.trainStep(images: images, labels: labels)
                    adam.step(training.parameters, learningRate: 1e-3)
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                KernelProfile.isEnabled = false
                rounds.append((seconds, KernelProfile.seconds(.gemm), KernelProfile.seconds(.im2col), KernelProfile.seconds(.col2im)))
            }
            let median = rounds.sorted { $0.seconds < $1.seconds }[rounds.count / 2]
            // Section times are summed over threads: divide by the thread count for a share
            // of wall-clock time (exact when the threads are busy throughout, as in GEMMs).
            let busy = median.seconds * Double(training.threadCount)
            let share = (gemm: median.gemm / busy, im2col: median.im2col / busy, col2im: median.col2im / busy)
            let rest = max(0, 1 - share.gemm - share.im2col - share.col2im)
            let imagesPerSecond = Double(batch * steps) / median.seconds
            if json {
                print("{\"model\": \"\(name)\", \"batch\": \(batch), \"size\": \(size), \"threads\": \(training.threadCount), "
                      + "\"images_per_s\": \(String(format: "%.1f", imagesPerSecond)), \"gemm_share\": \(String(format: "%.3f", share.gemm)), "
                      + "\"im2col_share\": \(String(format: "%.3f", share.im2col)), \"col2im_share\": \(String(format: "%.3f", share.col2im)), "
                      + "\"rest_share\": \(String(format: "%.3f", rest))}")
            } else {
                print(String(format: "%-10@ %8.1f images/s   gemm %5.1f%%   im2col %5.1f%%   col2im %5.1f%%   rest %5.1f%%",
                             name as NSString, imagesPerSecond, share.gemm * 100, share.im2col * 100, share.col2im * 100, rest * 100))
            }
        }
    }
}
