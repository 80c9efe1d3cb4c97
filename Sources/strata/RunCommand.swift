import ArgumentParser
import Foundation
import Strata
import StrataVision

/// `strata run MODEL --input [NAME=]IN... (--output OUT.npy | --output-dir DIR | --top-k K)`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a model on .npy or picture inputs; write its output(s) as .npy, or print the top-k classes.",
        discussion: """
            Symbolic input sizes (an ONNX model's height and width) are taken from the input arrays; \
            a picture (.png, .jpg, .jpeg) is made into the model's input shape (--input-shape for symbolic \
            sizes) by --preprocess and its flags.
            """)

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    @Option(name: .customLong("input"), help: "Input: a .npy array (float32) or a picture (.png, .jpg, .jpeg); FILE for a one-input model, NAME=FILE for each input.")
    var inputs: [String] = []

    @Option(help: "Where to write the first graph output (.npy; missing folders are created).")
    var output: String?

    @Option(help: "Directory to write every graph output into, as NAME.npy (created if missing).")
    var outputDir: String?

    @Option(parsing: .unconditional, help: "Print the K most probable classes of the first output (softmax applied to logits).")
    var topK: Int?

    @Option(help: "Class names for --top-k: a text file with one label per line, one line per class.")
    var labels: String?

    @Option(parsing: .unconditional, help: "Threads for the engine (>= 1; default: STRATA_NUM_THREADS, else one per core).")
    var threads: Int?

    @Flag(help: "Replace output files that already exist.")
    var overwrite = false

    @OptionGroup var shapes: InputShapeOptions

    @OptionGroup var image: ImageOptions

    @OptionGroup var weights: WeightsOption

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give --input FILE (or NAME=FILE for each input)") }
        if output != nil && outputDir != nil { throw ValidationError("give one of --output FILE or --output-dir DIR, not both") }
        guard output != nil || outputDir != nil || topK != nil else {
            throw ValidationError("give --output FILE, --output-dir DIR or --top-k K")
        }
        if let topK, topK < 1 { throw ValidationError("--top-k must be >= 1, got \(topK)") }
        if labels != nil && topK == nil { throw ValidationError("--labels names the classes of --top-k; give --top-k K too") }
        // A .png or .txt name holding .npy bytes would mislead whoever opens it.
        if let output, !output.lowercased().hasSuffix(".npy") {
            throw ValidationError("--output \(output): run writes a NumPy array; expected a file name ending in .npy")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be >= 1, got \(threads)") }
    }

    func run() throws {
        let threads = try ThreadOption.apply(self.threads)
        var loaded = try ModelSource.loadModel(model, weights: weights.weights)
        var tensors: [String: Tensor] = [:]
        let inputFiles = try InputFile.named(inputs, for: loaded)
        try image.checkApplies(to: inputFiles.map(\.path))
        // An array brings its own shape: --input-shape would be ignored without a word.
        if !shapes.inputShapes.isEmpty, !inputFiles.contains(where: { ImageFile.isImage($0.path) }) {
            throw StrataError.invalidArgument(
                "--input-shape sets the size pictures are made into; \(inputFiles.map(\.path).joined(separator: ", ")) "
                    + "\(inputFiles.count == 1 ? "is an array, which brings its own shape" : "are arrays, which bring their own shapes"): drop --input-shape")
        }
        let preprocessing = try image.preprocessing()
        for (name, path) in inputFiles {
            if ImageFile.isImage(path) {
                // Only pictures need the planned shape: an array brings its own.
                tensors[name] = try InputFile.tensor(path, shape: shapes.shapes(for: loaded)[name], preprocessing: preprocessing)
            } else {
                let tensor = try InputFile.tensor(path, shape: nil, preprocessing: preprocessing)
                try InputFile.checkLayout(tensor.shape, path: path, input: loaded.inputs.first { $0.name == name }!)
                tensors[name] = tensor
            }
        }
        // A built-in model is built for its input's batch and size.
        loaded = try ModelSource.fitting(loaded, model: model, to: tensors[loaded.inputs[0].name]?.shape, weights: weights.weights)
        let names = outputDir != nil ? loaded.outputNames : output != nil ? [loaded.outputNames[0]] : []
        let files = try names.map { name -> URL in
            if let output {
                // Like `mkdir -p`: the folder of --output is created when missing.
                let url = URL(filePath: output)
                _ = try InputFile.directory(url.deletingLastPathComponent().path(percentEncoded: false))
                return url
            }
            return try InputFile.directory(outputDir!).appending(path: InputFile.fileName(name) + ".npy")
        }
        try InputFile.checkDistinct(Array(zip(names, files)))
        let sources = inputFiles.map(\.path) + [model] + (labels.map { [$0] } ?? [])
        for file in files {
            try InputFile.checkNotASource(file, sources: sources)
            try InputFile.checkFree(file, overwrite: overwrite)
        }
        // Read before running, so a wrong labels file fails fast; its count is checked below.
        let labelText = try labels.map { path in
            String(decoding: try BinaryFile.read(URL(filePath: path), expecting: "a labels text file"), as: UTF8.self)
        }
        let plan = try loaded.compiled(for: tensors.mapValues(\.shape), workers: threads)
        let values = try plan.run(tensors)
        // The answer is computed before any file is written, so a labels file with the wrong
        // line count leaves no half-done outputs behind.
        let table = try topK.map { k in
            let first = values[loaded.outputNames[0]]!
            let classes = first.elementCount / max(1, first.shape.rank <= 1 ? 1 : first.shape[0])
            let names = try labelText.map { try TopK.labels($0, classes: classes, origin: "labels file \(labels!)") }
            if let note = TopK.clampNote(k: k, classes: classes) { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            return TopK.table(try TopK.classes(first, k: k), labels: names)
        }
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
        if let table { print(table) }
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

    @OptionGroup var weights: WeightsOption

    func run() throws {
        var loaded = try ModelSource.loadModel(model, weights: weights.weights)
        var inputShapes = try shapes.shapes(for: loaded)
        // A built-in model is built for the --input-shape given; a summary allocates no
        // input, so it may describe one too large to run.
        loaded = try ModelSource.fitting(loaded, model: model, to: inputShapes[loaded.inputs[0].name], weights: weights.weights,
                                         checkingInput: false)
        inputShapes = try shapes.shapes(for: loaded)
        print(try loaded.graph(for: inputShapes).summary())
    }
}
