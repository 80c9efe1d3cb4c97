import ArgumentParser
import Foundation
import Strata

extension ConvAlgorithm: ExpressibleByArgument {}

/// The options the micro-benchmarks (`conv`, `ops`, `ops-window`) take.
struct BenchOptions: ParsableArguments {
    @Option(help: "Threads for the engine and, where it is timed, raw OpenBLAS (>= 1).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Fewer repetitions (a quick look, noisier).")
    var quick = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be >= 1, got \(threads)") }
    }
}

/// `--only`: the layers of a per-layer benchmark to run.
struct LayerFilter: ParsableArguments {
    @Option(help: "Only the layers whose names contain this (e.g. s2, dw7x960, pw7).")
    var only: String?

    func includes(_ name: String) -> Bool { only.map(name.contains) ?? true }
}

/// Prints `rows` as pretty JSON with sorted keys (the `--json` output).
func printJSON(_ rows: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(rows), as: UTF8.self))
}
