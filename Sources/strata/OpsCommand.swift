import ArgumentParser
import StrataONNX

/// `strata ops`: the ONNX operators Strata imports, as a Markdown table.
struct OpsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops", abstract: "List the ONNX operators Strata imports (a Markdown table).")

    func run() throws {
        print(ONNXImporter.supportTable)
    }
}
