import ArgumentParser
import Strata

/// The `MODEL` argument shared by the subcommands that build a network from `ModelZoo`.
struct ModelArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("Model: \(ModelZoo.names.joined(separator: ", ")).", valueName: "model"))
    var name: String

    func validate() throws {
        guard ModelZoo.names.contains(name) else {
            throw ValidationError("unknown model '\(name)'; expected one of \(ModelZoo.names.joined(separator: ", "))")
        }
    }
}
