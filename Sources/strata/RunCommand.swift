import ArgumentParser
import Foundation
import Strata

/// `strata run MODEL --input [NAME=]IN.npy... (--output OUT.npy | --output-dir DIR)`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a model on .npy inputs; write its output(s) as .npy.",
        discussion: "Symbolic input sizes (an ONNX model's height and width) are taken from the input arrays.")

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    @Option(name: .customLong("input"), help: "Input array (.npy, float32): FILE for a one-input model, NAME=FILE for each input.")
    var inputs: [String] = []

    @Option(help: "Where to write the first graph output (.npy).")
    var output: String?

    @Option(help: "Directory to write every graph output into, as NAME.npy.")
    var outputDir: String?

    @Option(help: "Threads for the engine (>= 1; default: STRATA_NUM_THREADS, else one per core).")
    var threads: Int?

    @Flag(help: "Replace output files that already exist.")
    var overwrite = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give --input FILE (or NAME=FILE for each input)") }
        guard (output == nil) != (outputDir == nil) else {
            throw ValidationError("give exactly one of --output FILE or --output-dir DIR")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be >= 1, got \(threads)") }
    }

    func run() throws {
        let threads = try ThreadOption.apply(self.threads)
        let loaded = try ModelSource.loadModel(model)
        var tensors: [String: Tensor] = [:]
        let inputFiles = try InputFile.named(inputs, for: loaded)
        for (name, path) in inputFiles {
            tensors[name] = try InputFile.tensor(path, shape: nil, allowImage: false)
        }
        let names = outputDir == nil ? [loaded.outputNames[0]] : loaded.outputNames
        let files = try names.map { name -> URL in
            if let output { return URL(filePath: output) }
            return try InputFile.directory(outputDir!).appending(path: InputFile.fileName(name) + ".npy")
        }
        try InputFile.checkDistinct(Array(zip(names, files)))
        let sources = inputFiles.map(\.path) + [model]
        for file in files {
            try InputFile.checkNotASource(file, sources: sources)
            try InputFile.checkFree(file, overwrite: overwrite)
        }
        let plan = try loaded.compiled(for: tensors.mapValues(\.shape), workers: threads)
        let values = try plan.run(tensors)
        let integerValued = plan.graph.integerValuedNodes
        for (name, file) in zip(names, files) {
            // An integer output is written as int64: a folded Shape or Size exactly, a
            // run-time one (ArgMax, or integers moved by Gather, Reshape...) from its
            // float32 values, which are exact up to 2^24.
            let index = try plan.graph.index(of: name)
            if let constant = plan.graph.nodes[index].op as? ConstantOp, let exact = constant.integerValues {
                try Npy.write(integers: exact, shape: constant.value.shape, to: file, overwrite: overwrite)
            } else if integerValued[index] {
                try Npy.write(integers: Self.integers(values[name]!, output: name), shape: values[name]!.shape, to: file, overwrite: overwrite)
            } else {
                try Npy.write(values[name]!, to: file, overwrite: overwrite)
            }
        }
    }
}

extension RunCommand {
    /// The values of an integer-valued output as Int64. A value that is not a whole number
    /// (NaN from a run-time Gather index that was out of range) is an error naming it.
    static func integers(_ tensor: Tensor, output: String) throws -> [Int64] {
        try tensor.scalars.enumerated().map { index, value in
            guard let exact = Int64(exactly: value) else {
                throw StrataError.invalidArgument(
                    "output '\(output)' holds integers (int64 in ONNX), but element \(index) is \(value): a run-time index "
                        + "was out of range or not a whole number upstream")
            }
            return exact
        }
    }
}

/// `strata summary MODEL`.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary", abstract: "Print a model's layers: shapes, parameters, MACs, receptive fields.")

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    @OptionGroup var shapes: InputShapeOptions

    func run() throws {
        let loaded = try ModelSource.loadModel(model)
        print(try loaded.graph(for: shapes.shapes(for: loaded)).summary())
    }
}
