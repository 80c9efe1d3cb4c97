import ArgumentParser
import Foundation
import Strata
import StrataDiagnostics

/// `engine-bench export NAME`: writes a builder's seeded weights (with randomized
/// BatchNorm statistics, as the golden tests use them) to a safetensors file, so an
/// independent implementation (Scripts/make-golden) can compute expected outputs.
struct ExportWeights: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model's seeded weights to a safetensors file (for Scripts/make-golden).")

    @OptionGroup var model: ModelArgument

    @Option(help: "Input height and width.")
    var size: Int

    @Option(help: "Number of classes.")
    var classes: Int

    @Option(help: "Seed of the weights (the golden tests use 1).")
    var seed: UInt64 = 1

    @Option(help: "Output .safetensors path (must not exist).")
    var out: String

    func validate() throws {
        guard size >= 1, classes >= 1 else { throw ValidationError("--size and --classes must be >= 1, got \(size), \(classes)") }
    }

    func run() throws {
        let graph = try GoldenModels.graph(model.name, size: size, classes: classes, seed: seed)
        try graph.saveParameters(to: URL(fileURLWithPath: out))
        print("wrote \(graph.namedParameters.count) tensors (\(graph.parameterCount) parameters) to \(out)")
    }
}
