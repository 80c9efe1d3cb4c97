import ArgumentParser
import Foundation
import Strata

/// `strata run MODEL --input IN.npy (--output OUT.npy | --output-dir DIR)`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a model on a .npy input; write its output(s) as .npy.")

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    @Option(help: "Input array (.npy, float32, the model's input shape).")
    var input: String

    @Option(help: "Where to write the first graph output (.npy).")
    var output: String?

    @Option(help: "Directory to write every graph output into, as NAME.npy.")
    var outputDir: String?

    @Option(help: "Threads for the engine (>= 1).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Replace output files that already exist.")
    var overwrite = false

    func validate() throws {
        guard (output == nil) != (outputDir == nil) else {
            throw ValidationError("give exactly one of --output FILE or --output-dir DIR")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be >= 1, got \(threads)") }
    }

    func run() throws {
        Threading.workers = threads
        let graph = try ModelSource.loadModel(model)
        let tensor = try InputFile.tensor(input, shape: graph.input.outputShape, allowImage: false)
        if let output {
            try InputFile.checkFree(URL(filePath: output), overwrite: overwrite)
            let compiled = try graph.compiled(workers: threads)
            var result = Tensor(shape: compiled.outputShape)
            try compiled.run(tensor, into: &result)
            try Npy.write(result, to: URL(filePath: output), overwrite: overwrite)
        } else if let outputDir {
            let directory = try InputFile.directory(outputDir)
            let names = graph.outputs.map { graph.nodes[$0].name }
            let (_, values) = try GraphRunner(graph, workers: threads).run(tensor, capturing: names)
            let files = names.map { directory.appending(path: InputFile.fileName($0) + ".npy") }
            for file in files { try InputFile.checkFree(file, overwrite: overwrite) }
            for (name, file) in zip(names, files) {
                try Npy.write(values[name]!, to: file, overwrite: overwrite)
            }
        }
    }
}

/// `strata summary MODEL`.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary", abstract: "Print a model's layers: shapes, parameters, MACs, receptive fields.")

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    func run() throws {
        print(try ModelSource.loadModel(model).summary())
    }
}
