import ArgumentParser
import Strata

/// `strata`: run a model, print its summary, draw its feature maps, time it.
///
/// User mistakes (a bad file, an unknown layer, a shape that does not fit) are thrown as
/// ``StrataError``/``GraphError``/``ONNXImportError``; ArgumentParser prints their description to stderr as
/// `Error: ...` and exits with status 1, without a stack trace. Bad flags are
/// `ValidationError`s (status 64, with the usage).
@main
struct StrataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Run convolutional networks with Strata: outputs, summaries, feature maps, timings.",
        discussion: """
            MODEL is an ONNX file (.onnx, opsets 7-22) or a built-in model name \
            (\(ModelSource.zooNames)).
            """,
        version: StrataVersion.current,
        subcommands: [RunCommand.self, ConvertCommand.self, SummaryCommand.self, MapsCommand.self, ReportCommand.self, BenchCommand.self, OpsCommand.self, TrainCommand.self])

    /// Refuses a malformed `STRATA_MEMORY_LIMIT` before any command runs (the library
    /// alone can only warn and use its default), then parses and runs the command.
    static func main() {
        do {
            _ = try MemoryLimit.environmentBytes()
        } catch {
            exit(withError: error)
        }
        main(nil)
    }
}
