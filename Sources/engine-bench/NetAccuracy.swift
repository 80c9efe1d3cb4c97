import ArgumentParser
import Foundation
import Strata
import StrataDiagnostics

/// `engine-bench accuracy MODEL`: a whole compiled network against the same network run by
/// the reference table, once per convolution algorithm choice.
struct NetAccuracy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accuracy",
        abstract: "Compare a whole compiled network's output (the logits) with the naive Double reference run of the same network.",
        discussion: """
            The network is GoldenModels' (the model zoo's seeded weights with redrawn BatchNorm \
            statistics, folded when compiling), the input uniform in [-1, 1]. The reference runs \
            once; the compiled graph runs with the cost model's algorithms and with each \
            convolution algorithm forced where it applies.
            """)

    @OptionGroup var model: ModelArgument

    @Option(help: "Input height and width (default 224, 28 for seednet).")
    var size: Int?

    @Option(help: "Classes of the classifier head.")
    var classes: Int = 1000

    @Option(help: "Threads for the engine (>= 1).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be >= 1, got \(threads)") }
        if let size, size < 1 { throw ValidationError("--size must be >= 1, got \(size)") }
        guard classes >= 1 else { throw ValidationError("--classes must be >= 1, got \(classes)") }
    }

    func run() throws {
        Threading.workers = threads
        let inputSize = size ?? ModelZoo.defaultInputSize(model.name)
        let graph = try GoldenModels.graph(model.name, size: inputSize, classes: classes, seed: 1)
        var rng = SeededGenerator(seed: 2)
        let input = try Tensor.uniform(graph.input.outputShape.dimensions, low: -1, high: 1, using: &rng)
        let start = milliseconds()
        let expected = try graph.referenceRun(input)
        let largest = expected.scalars.map { abs(Double($0)) }.max() ?? 0
        print("\(model.name) \(inputSize)x\(inputSize), \(classes) classes: reference run \(String(format: "%.1f", (milliseconds() - start) / 1000)) s, "
              + "largest |logit| \(String(format: "%.4g", largest))")
        print("convolutions".padding(toLength: 16, withPad: " ", startingAt: 0), "relative error  max |error|  max |error| / max |logit|  algorithms")
        for algorithm in [nil] + ConvAlgorithm.winogradComparison {
            let compiled = try graph.compiled(options: CompileOptions(convolutionAlgorithm: algorithm))
            let comparison = try compiled.run(input).output.compared(with: expected)
            var counts: [String: Int] = [:]
            for node in compiled.graph.nodes {
                if let name = node.op.plannedAlgorithm(inputs: node.inputs.map { compiled.graph.nodes[$0].outputShape }, workers: threads) {
                    counts[name, default: 0] += 1
                }
            }
            print((algorithm?.rawValue ?? "cost model").padding(toLength: 16, withPad: " ", startingAt: 0),
                  String(format: "%14.3e  %11.3e  %26.3e", comparison.relativeError, comparison.maxAbsoluteError,
                         comparison.maxAbsoluteError / max(largest, .leastNormalMagnitude)),
                  " " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }
}

extension ConvAlgorithm {
    /// The algorithms the Winograd comparisons force: im2col and both Winograd variants.
    static let winogradComparison: [ConvAlgorithm] = [.im2colGemm, .winograd2x2, .winograd4x4]
}
