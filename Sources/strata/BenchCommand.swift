import ArgumentParser
import Dispatch
import Foundation
import Strata

/// `strata bench MODEL [--batch B] [--size S | --input-shape SHAPE] [--threads T] [--json]`:
/// the compiled model on a random input (seeded), p50/p95 latency and images per second.
/// Every size is checked against ``MemoryLimit`` before anything is allocated: the input
/// before a built-in model's weights are built, the plan's arena before the input is drawn.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time a model compiled for inference on a random input.")

    @Argument(help: "Built-in model name or .onnx file.")
    var model: String

    // `.unconditional`: `--batch -1` is a value (refused in validate with the reason), not
    // an unknown flag that leaves --batch "missing a value".
    @Option(parsing: .unconditional, help: "Images per batch (>= 1; default: the model's own input batch).")
    var batch: Int?

    @Option(parsing: .unconditional, help: "Input height and width of a built-in model (>= 1; default 224, 28 for seednet).")
    var size: Int?

    @Option(parsing: .unconditional, help: "Threads for the engine (>= 1; default: STRATA_NUM_THREADS, else one per core).")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Timed runs (>= 1), after 3 warm-up runs.")
    var runs: Int = 20

    @Flag(help: "Print one JSON object with keys model, batch, threads, p50_ms, p95_ms, images_per_s, plan_ms, load_ms, peak_rss_mb.")
    var json = false

    @Flag(help: "Also time every node (median of --runs more runs) and print the times per node and per op.")
    var profile = false

    @Flag(help: ArgumentHelp(
        "Choose each convolution's algorithm by timing the candidates on its real shapes (cached per machine).",
        discussion: "The choices are kept in --tuning-cache, so only the first tuned run of a layer pays for the timing."))
    var tune = false

    @Option(help: ArgumentHelp(
        "The tuning cache file (implies --tune).",
        discussion: "Default: STRATA_TUNING_CACHE, else $XDG_CACHE_HOME/strata/conv-tuning.json, else ~/.cache/strata/conv-tuning.json."),
        completion: .file())
    var tuningCache: String?

    @Option(help: ArgumentHelp(
        "Bytes of convolution workspace per thread (>= 1; default 2M): im2col panels, Winograd blocks.",
        discussion: "K, M, G and T suffixes are powers of 1024 (512K, 2M)."))
    var workspaceBudget: String?

    @OptionGroup var shapes: InputShapeOptions

    @OptionGroup var weights: WeightsOption

    func validate() throws {
        if let batch, batch < 1 { throw ValidationError("--batch must be >= 1, got \(batch)") }
        if let size, size < 1 { throw ValidationError("--size must be >= 1, got \(size)") }
        if size != nil && !shapes.inputShapes.isEmpty {
            throw ValidationError("give --size or --input-shape, not both (--size S means --input-shape NxCxSxS)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be >= 1, got \(threads)") }
        guard runs >= 1 else { throw ValidationError("--runs must be >= 1, got \(runs)") }
        if profile && json { throw ValidationError("--profile prints a table; it cannot be combined with --json") }
        if let workspaceBudget, (MemoryLimit.parse(workspaceBudget) ?? 0) < 1 {
            throw ValidationError("--workspace-budget must be a byte count >= 1 such as 2M or 524288, got '\(workspaceBudget)'")
        }
    }

    func run() throws {
        let threads = try ThreadOption.apply(self.threads)
        if let warning = BLASCoreCheck.warning(core: BLAS.coreName, cpuFlags: BLASCoreCheck.cpuFlags) {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let loadStart = DispatchTime.now().uptimeNanoseconds
        let loaded = try load()
        if tune || tuningCache != nil {
            let url = tuningCache.map { URL(filePath: $0) } ?? ConvTuningCache.defaultURL
            loaded.compileOptions.tuning = try ConvTuningCache(url: url)
        }
        if let bytes = workspaceBudget.flatMap(MemoryLimit.parse) { loaded.compileOptions.workspaceBudgetBytes = bytes }
        let loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6
        let inputShapes = try shapes.shapes(for: loaded, batch: batch)
        for input in loaded.inputs {
            let shape = inputShapes[input.name]!
            try MemoryLimit.check(floats: shape.elementCount, "the random input '\(input.name)' of shape \(shape)")
        }
        // The first run plans for these shapes (build, fold, fuse, arena): timed apart. The
        // plan checks its arena against the memory limit, so it comes before the inputs.
        let compiled = try loaded.compiled(for: inputShapes, workers: threads)
        var rng = SeededGenerator(seed: 2)
        var inputs: [String: Tensor] = [:]
        for input in loaded.inputs {
            inputs[input.name] = try Tensor.uniform(inputShapes[input.name]!.dimensions, low: 0, high: 1, using: &rng)
        }
        if let cache = loaded.compileOptions.tuning, !json {
            print("tuning: \(cache.measuredCount) convolution shapes timed now; \(cache.count) known for this machine in "
                  + (cache.url.map { BinaryFile.path($0) } ?? "memory"))
        }
        let planMilliseconds = loaded.planStatistics.lastPlanMilliseconds
        for _ in 0..<3 { _ = try compiled.run(inputs) }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try compiled.run(inputs)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        func percentile(_ fraction: Double) -> Double {
            let position = fraction * Double(times.count - 1)
            let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
            return times[low] + (times[high] - times[low]) * (position - Double(low))
        }
        let batchSize = inputShapes[loaded.inputs[0].name]!.dimensions.first ?? 1
        let result = BenchResult(model: model, batch: batchSize, threads: threads, p50_ms: percentile(0.5), p95_ms: percentile(0.95),
                                 images_per_s: Double(batchSize) / (percentile(0.5) / 1000), plan_ms: planMilliseconds,
                                 load_ms: loadMilliseconds, peak_rss_mb: Double(ProcessMemory.peakResidentBytes) / 1_048_576)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            let described = loaded.inputs.map { "\($0.name) \(inputShapes[$0.name]!)" }.joined(separator: ", ")
            print("\(model) input \(described) threads \(threads) (OpenBLAS \(BLAS.coreName)), \(runs) runs: "
                  + String(format: "p50 %.2f ms, p95 %.2f ms, %.1f images/s; loading took %.1f ms, planning %.1f ms; "
                           + "peak resident memory %.1f MiB",
                           result.p50_ms, result.p95_ms, result.images_per_s, result.load_ms, result.plan_ms, result.peak_rss_mb))
        }
        if profile {
            guard loaded.inputs.count == 1 else {
                throw ValidationError("--profile times models with one input; this one has \(loaded.inputs.count)")
            }
            try BenchProfile.print(compiled, input: inputs[loaded.inputs[0].name]!, runs: runs)
        }
    }

    /// The model, a built-in one built for `--input-shape` (its batch and size) or
    /// `--batch`/`--size`.
    private func load() throws -> Model {
        guard ModelSource.isBuiltIn(model), !shapes.inputShapes.isEmpty else {
            return try ModelSource.loadModel(model, batch: batch, size: size, weights: weights.weights)
        }
        guard shapes.inputShapes.count == 1 else {
            throw StrataError.invalidArgument("\(model) has one input; give --input-shape once")
        }
        let text = shapes.inputShapes[0]
        let dims = text.split(separator: "=").last!.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard dims.allSatisfy({ $0 != nil && $0! >= 1 }), let shape = try? Shape(dims.map { $0! }) else {
            throw StrataError.invalidArgument("--input-shape \(text): expected sizes >= 1 separated by x, such as 1x3x224x224")
        }
        let (shapeBatch, size) = try ModelSource.builtInSize(model, shape)
        if let batch, batch != shapeBatch {
            throw StrataError.invalidArgument("--batch \(batch) and --input-shape \(text) (batch \(shapeBatch)) disagree; give one")
        }
        return try ModelSource.loadModel(model, batch: shapeBatch, size: size, weights: weights.weights)
    }
}

/// The `--json` object; property names are the keys.
struct BenchResult: Encodable {
    /// The MODEL argument as given.
    let model: String
    /// Images per run (the first input's first dimension).
    let batch: Int
    /// Engine threads used (after clamping to the cores).
    let threads: Int
    let p50_ms: Double
    let p95_ms: Double
    let images_per_s: Double
    /// Milliseconds to plan the model for the input shapes (the first run's extra cost).
    let plan_ms: Double
    /// Milliseconds to load the model (an ONNX model with fixed sizes is imported, folded
    /// and built into a graph here; one with symbolic sizes in planning).
    let load_ms: Double
    /// The process's peak resident set size (weights, plans, arena, workspaces), MiB.
    let peak_rss_mb: Double
}
