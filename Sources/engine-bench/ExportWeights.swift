import ArgumentParser
import Foundation
import Strata

/// `engine-bench export NAME`: writes a builder's seeded weights (with randomized
/// BatchNorm statistics, as the golden tests use them) to a safetensors file, so an
/// independent implementation (Scripts/make-golden) can compute expected outputs.
struct ExportWeights: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model's seeded weights to a safetensors file (for Scripts/make-golden).")

    @Argument(help: "Model: \(ModelZoo.names.joined(separator: ", ")).")
    var model: String

    @Option(help: "Input height and width.")
    var size: Int

    @Option(help: "Number of classes.")
    var classes: Int

    @Option(help: "Seed of the weights (the golden tests use 1).")
    var seed: UInt64 = 1

    @Option(help: "Output .safetensors path (must not exist).")
    var out: String

    func validate() throws {
        guard ModelZoo.names.contains(model) else {
            throw ValidationError("unknown model '\(model)'; expected one of \(ModelZoo.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        let graph = try GoldenModels.graph(model, size: size, classes: classes, seed: seed)
        try graph.saveParameters(to: URL(fileURLWithPath: out))
        print("wrote \(graph.namedParameters.count) tensors (\(graph.parameterCount) parameters) to \(out)")
    }
}
