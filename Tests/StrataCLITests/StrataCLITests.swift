import Foundation
import Strata
import StrataVision
import Testing

/// End-to-end tests of the `strata` binary: they run the executable SwiftPM built beside
/// the test bundle, on seednet (28x28, milliseconds per run), and check files, stdout,
/// stderr and exit status.
@Suite struct StrataCLITests {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The built `strata`: next to the test executable, else in the package's .build/debug.
    static let binary: URL = {
        let besideTests = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "strata")
        if FileManager.default.isExecutableFile(atPath: besideTests.path(percentEncoded: false)) { return besideTests }
        return URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: ".build/debug/strata")
    }()

    static func strata(
        _ arguments: [String], in directory: URL, executable: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = executable.map { URL(filePath: $0) } ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh directory holding `in.npy`, a seeded [1, 1, 28, 28] input for seednet.
    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "strata-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 9)
        try Npy.write(Tensor.uniform([1, 1, 28, 28], using: &rng), to: directory.appending(path: "in.npy"))
        return directory
    }

    @Test func runWritesTheModelsOutput() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.strata(["run", "seednet", "--input", "in.npy", "--output", "out.npy", "--threads", "1"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let output = try Npy.read(contentsOf: directory.appending(path: "out.npy"))
        let input = try Npy.read(contentsOf: directory.appending(path: "in.npy"))
        let expected = try GraphRunner(ModelZoo.build("seednet", seed: 1)).run(input).output
        #expect(output.shape == [1, 10])
        #expect(zip(output.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-5 })

        let again = try Self.strata(["run", "seednet", "--input", "in.npy", "--output", "out.npy"], in: directory)
        #expect(again.status != 0 && again.stderr.contains("already exists") && again.stderr.contains("--overwrite"))
        let all = try Self.strata(["run", "seednet", "--input", "in.npy", "--output-dir", "outs"], in: directory)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try Npy.read(contentsOf: directory.appending(path: "outs/softmax.npy")).shape == [1, 10])
    }

    @Test func summaryPrintsTheTable() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.strata(["summary", "seednet"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("conv1") && result.stdout.contains("receptive field") && result.stdout.contains("algorithm"))
        // Each convolution's row ends with the algorithm its plan runs; the pooling rows name none.
        let lines = result.stdout.split(separator: "\n")
        for name in ["conv1", "conv2"] {
            let line = try #require(lines.first { $0.hasPrefix(name + " ") }, "\(result.stdout)")
            #expect(ConvAlgorithm.allCases.contains { line.hasSuffix($0.rawValue) }, "\(line)")
        }
        let pool = try #require(lines.first { $0.hasPrefix("pool1 ") })
        #expect(!ConvAlgorithm.allCases.contains { pool.contains($0.rawValue) }, "\(pool)")
    }

    @Test func mapsWritesPicturesLibpngReads() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.strata(
            ["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--layer", "pool2", "--layer", "dense2", "--out", "maps"],
            in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let conv1 = try PNG.read(contentsOf: directory.appending(path: "maps/conv1.png"))
        // 32 channels of 28x28 and the input: 33 tiles of 56 px (28 enlarged twice), 6 x 6;
        // FeatureMapLayout: width max(640, 24 + 6 * 62 - 6), height 72 + 6 * (14 + 56 + 6) - 6 + 52.
        #expect(conv1.width == 640 && conv1.height == 72 + 6 * 76 - 6 + 52 && conv1.channels == 3)
        // pool2: 64 channels of 7x7 and the input: 65 tiles of 49 px, 9 columns (max(640, 24 + 9 * 55 - 6)), 8 rows.
        let pool2 = try PNG.read(contentsOf: directory.appending(path: "maps/pool2.png"))
        #expect(pool2.width == 640 && pool2.height == 72 + 8 * 69 - 6 + 52)
        // dense2 [1, 10]: a bar chart (plot 220 px high), not one flat colour.
        let dense2 = try PNG.read(contentsOf: directory.appending(path: "maps/dense2.png"))
        // Inside the plot area (10 bars of 24 px from x = 72, rows 80...299) the bars take
        // several viridis colours (one per value): flat bars, or no bars, would give at most one.
        #expect(dense2.height == 80 + 220 + 30 + 52)
        let viridis = Set(stride(from: 0, to: 768, by: 3).map { [Viridis.rgb[$0], Viridis.rgb[$0 + 1], Viridis.rgb[$0 + 2]] })
        var barColors = Set<[UInt8]>()
        for y in 80..<300 {
            for x in 72..<(72 + 10 * 24) {
                let offset = (y * dense2.width + x) * 3
                let rgb = Array(dense2.pixels[offset..<(offset + 3)])
                if viridis.contains(rgb) { barColors.insert(rgb) }
            }
        }
        #expect(barColors.count >= 5, "\(barColors)")

        let top = try Self.strata(
            ["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--out", "top", "--top", "3", "--scale", "channel"], in: directory)
        #expect(top.status == 0, "\(top.stderr)")
        // The input and 3 channels: 2 x 2 tiles of 56 px.
        #expect(try PNG.read(contentsOf: directory.appending(path: "top/conv1.png")).height == 72 + 2 * 76 - 6 + 52)
        let badScale = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--out", "top", "--scale", "global"], in: directory)
        #expect(badScale.status == 64 && badScale.stderr.contains("'global' is invalid for '--scale")
                && badScale.stderr.contains("'layer' and 'channel'"), "\(badScale.stderr)")
        let badTop = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--out", "top", "--top", "0"], in: directory)
        #expect(badTop.status == 64 && badTop.stderr.contains("--top must be >= 1"), "\(badTop.stderr)")
    }

    @Test func mapsPCAWritesOnlyItsOwnPictures() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let grid = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "pool2", "--out", "maps"], in: directory)
        #expect(grid.status == 0, "\(grid.stderr)")
        let gridFile = directory.appending(path: "maps/pool2.png")
        let before = try Data(contentsOf: gridFile)
        // The folder already holds pool2.png; --pca writes pool2.pca.png only, so it needs no --overwrite.
        let pca = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "pool2", "--out", "maps", "--pca"], in: directory)
        #expect(pca.status == 0, "\(pca.stderr)")
        #expect(try Data(contentsOf: gridFile) == before)
        // The input 28 px wide is enlarged 8 times to 224; panels input, components, blend.
        let picture = try PNG.read(contentsOf: directory.appending(path: "maps/pool2.pca.png"))
        #expect(picture.width == 24 + 3 * 236 - 12 && picture.height == 72 + 14 + 224 + 12)
        // Now pool2.pca.png is what it would write: that one needs --overwrite.
        let again = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "pool2", "--out", "maps", "--pca"], in: directory)
        #expect(again.status == 1 && again.stderr.contains("pool2.pca.png already exists") && again.stderr.contains("--overwrite"))
        let flat = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "dense1", "--out", "maps", "--pca"], in: directory)
        #expect(flat.status == 1 && flat.stderr.contains("'dense1' has shape [1, 128], one value per channel"), "\(flat.stderr)")
    }

    @Test func mapsChecksEveryLayerBeforeWritingAny() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // dense1 [1, 128] cannot be drawn with --pca: refused by name, and conv1's picture,
        // which could be drawn, is not written either (nor the directory made).
        let refused = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--layer", "dense1",
                                       "--out", "maps", "--pca"], in: directory)
        #expect(refused.status == 1 && refused.stderr.contains("layer 'dense1' has shape [1, 128]"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "maps").path(percentEncoded: false)))
        // Without the bad layer, the same run needs no --overwrite.
        let fixed = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--out", "maps", "--pca"], in: directory)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        // --pca with --top is refused (it would be ignored); an empty --out and a file in the way are named.
        let topPCA = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--out", "m2", "--pca", "--top", "3"],
                                     in: directory)
        #expect(topPCA.status == 64 && topPCA.stderr.contains("--pca draws components"), "\(topPCA.stderr)")
        let empty = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--out", ""], in: directory)
        #expect(empty.status == 1 && empty.stderr.contains("--out is empty"), "\(empty.stderr)")
        let underFile = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--out", "in.npy/sub"], in: directory)
        #expect(underFile.status == 1 && underFile.stderr.contains("in.npy is a file"), "\(underFile.stderr)")
        try FileManager.default.createDirectory(at: directory.appending(path: "d/conv1.png"), withIntermediateDirectories: true)
        let inTheWay = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv1", "--out", "d", "--overwrite"],
                                       in: directory)
        #expect(inTheWay.status == 1 && inTheWay.stderr.contains("conv1.png is a directory"), "\(inTheWay.stderr)")
    }

    @Test func mapsNamesCloseNodesAndDrawsARepeatedLayerOnce() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unknown = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "conv9", "--out", "maps"], in: directory)
        #expect(unknown.status == 1 && unknown.stderr.contains("no such node 'conv9'; close names: conv1, conv2"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("strata summary seednet"))
        let typo = try Self.strata(["maps", "seednet", "--input", "in.npy", "--layer", "layer4.1.relu", "--out", "maps"], in: directory)
        #expect(typo.status == 1 && typo.stderr.contains("no such node 'layer4.1.relu'") && typo.stderr.contains("nodes include input, conv1"),
                "\(typo.stderr)")
        let twice = try Self.strata(
            ["maps", "seednet", "--input", "in.npy", "--layer", "relu1", "--layer", "relu1", "--out", "maps"], in: directory)
        #expect(twice.status == 0, "\(twice.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "maps/relu1.png").path(percentEncoded: false)))
    }

    @Test func userMistakesGoToStderrWithoutATrace() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try BinaryFile.write(Array("not numpy".utf8), to: directory.appending(path: "bad.npy"))
        let bad = try Self.strata(["run", "seednet", "--input", "bad.npy", "--output", "o.npy"], in: directory)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.npy") && bad.stderr.contains("magic"))
        #expect(!bad.stderr.contains("Stack") && !bad.stderr.contains("Fatal error") && bad.stdout.isEmpty)

        let onnx = try Self.strata(["summary", "missing.onnx"], in: directory)
        #expect(onnx.status != 0 && onnx.stderr.contains("missing.onnx") && !onnx.stderr.contains("Fatal error"))
        let flag = try Self.strata(["bench", "seednet", "--threads", "0"], in: directory)
        #expect(flag.status != 0 && flag.stderr.contains("--threads must be >= 1"))
    }

    @Test func benchPrintsJSON() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.strata(["bench", "seednet", "--threads", "1", "--runs", "2", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(Set(object?.keys ?? [:].keys) == ["model", "batch", "threads", "p50_ms", "p95_ms", "images_per_s", "plan_ms", "load_ms", "peak_rss_mb"])
        // The seed network's weights alone are 1.6 MB; a process is more than that and
        // far less than a gigabyte.
        let peak = object?["peak_rss_mb"] as? Double ?? 0
        #expect(peak > 1.6 && peak < 1024, "peak_rss_mb \(peak)")
    }

    @Test func benchProfilesEveryNode() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.strata(["bench", "seednet", "--threads", "1", "--runs", "2", "--profile"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("median ms") && result.stdout.contains("by op (sum of node medians"), "\(result.stdout)")
        let both = try Self.strata(["bench", "seednet", "--runs", "2", "--profile", "--json"], in: directory)
        #expect(both.status == 64 && both.stderr.contains("cannot be combined with --json"), "\(both.stderr)")
    }

    /// An ONNX model from the conformance fixtures, through the command line: its input as
    /// .npy in, onnxruntime's output out.
    @Test func runImportsAnONNXModel() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Fixtures/onnx")
        let data = try Safetensors.read(contentsOf: fixtures.appending(path: "conv_depthwise.safetensors"))
        try Npy.write(try #require(data["input"]), to: directory.appending(path: "onnx-in.npy"))
        let model = fixtures.appending(path: "conv_depthwise.onnx").path(percentEncoded: false)
        let result = try Self.strata(["run", model, "--input", "onnx-in.npy", "--output", "out.npy"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let output = try Npy.read(contentsOf: directory.appending(path: "out.npy"))
        let comparison = try output.compared(with: try #require(data["expected"]))
        #expect(comparison.relativeError <= 1e-4, "\(comparison)")
    }
}

/// ONNX models with symbolic sizes and several inputs and outputs, through the command line.
extension StrataCLITests {
    static let onnxFixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/onnx")

    /// `symbolic_hw_conv_pool` (x [1, 3, height, width]) at each recorded size through
    /// `strata run`: the logits onnxruntime computed.
    @Test func runBindsSymbolicSizesFromTheInput() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.onnxFixtures.appending(path: "symbolic_hw_conv_pool.onnx").path(percentEncoded: false)
        let data = try Safetensors.read(contentsOf: Self.onnxFixtures.appending(path: "symbolic_hw_conv_pool.safetensors"))
        let sets = Set(data.keys.compactMap { $0.split(separator: "/").first.map(String.init) })
        #expect(sets.count == 3, "\(data.keys.sorted())")
        for set in sets.sorted() {
            let input = try #require(data["\(set)/input:x"])
            try Npy.write(input, to: directory.appending(path: "in-\(set).npy"))
            let result = try Self.strata(["run", model, "--input", "x=in-\(set).npy", "--output", "out-\(set).npy"], in: directory)
            #expect(result.status == 0, "\(set): \(result.stderr)")
            let output = try Npy.read(contentsOf: directory.appending(path: "out-\(set).npy"))
            let comparison = try output.compared(with: try #require(data["\(set)/expected:logits"]))
            #expect(comparison.relativeError <= 1e-4, "\(set) \(input.shape): \(comparison)")
        }
        let summary = try Self.strata(["summary", model], in: directory)
        #expect(summary.status == 1)
        #expect(summary.stderr.contains("input x [1, 3, height, width] has symbolic dimensions height (axis 2), width (axis 3)"), "\(summary.stderr)")
        #expect(summary.stderr.contains("--input-shape x=1x3xNxN"))
        let sized = try Self.strata(["summary", model, "--input-shape", "1x3x40x24"], in: directory)
        #expect(sized.status == 0 && sized.stdout.contains("logits"), "\(sized.stderr)")
        let bench = try Self.strata(["bench", model, "--input-shape", "x=1x3x40x24", "--runs", "2", "--json"], in: directory)
        #expect(bench.status == 0, "\(bench.stderr)")
    }

    /// `two_inputs_three_outputs`: named inputs in, every output by name out.
    @Test func runTakesNamedInputsAndWritesEveryOutput() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.onnxFixtures.appending(path: "two_inputs_three_outputs.onnx").path(percentEncoded: false)
        let data = try Safetensors.read(contentsOf: Self.onnxFixtures.appending(path: "two_inputs_three_outputs.safetensors"))
        try Npy.write(try #require(data["input:image"]), to: directory.appending(path: "image.npy"))
        try Npy.write(try #require(data["input:scale"]), to: directory.appending(path: "scale.npy"))
        let result = try Self.strata(["run", model, "--input", "image=image.npy", "--input", "scale=scale.npy", "--output-dir", "outs"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["sum", "joined"] {
            let output = try Npy.read(contentsOf: directory.appending(path: "outs/\(name).npy"))
            let comparison = try output.compared(with: try #require(data["expected:\(name)"]))
            #expect(comparison.relativeError <= 1e-4, "\(name): \(comparison)")
        }
        // A Shape output is an integer tensor: written exactly, as int64 ('<i8').
        let shapeFile = try BinaryFile.read(directory.appending(path: "outs/joined_shape.npy"), expecting: "an npy file")
        #expect(String(decoding: shapeFile.prefix(80), as: UTF8.self).contains("'descr': '<i8'"))
        let values = stride(from: shapeFile.count - 32, to: shapeFile.count, by: 8).map { offset in
            shapeFile[offset..<offset + 8].reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
        #expect(values.map(Float.init) == (try #require(data["expected:joined_shape"])).scalars)
        let bare = try Self.strata(["run", model, "--input", "image.npy", "--output", "o.npy"], in: directory)
        #expect(bare.status == 1 && bare.stderr.contains("--input image.npy names no input; the model has inputs 'image', 'scale': write NAME=FILE"))
        let missing = try Self.strata(["run", model, "--input", "image=image.npy", "--output", "o.npy"], in: directory)
        #expect(missing.status == 1 && missing.stderr.contains("no --input for the model's input 'scale'"))
    }
}

/// Mistakes a reviewer found, through the command line: each ends in `Error: ...`, status 1.
extension StrataCLITests {
    /// `--threads 1000000` aborted, `--threads 64` on 2 cores took 200x longer: now clamped.
    @Test func threadCountsAboveTheCoresAreClampedWithANote() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.strata(["run", "seednet", "--input", "in.npy", "--output", "o.npy", "--threads", "1000000"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("note: 1000000 threads is more than the"), "\(result.stderr)")
    }

    /// STRATA_NUM_THREADS sets the default thread count; a malformed value is an error.
    @Test func strataNumThreadsIsReadAndChecked() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["run", "seednet", "--input", "in.npy", "--output", "o.npy", "--overwrite"]
        let many = try Self.strata(arguments, in: directory, environment: ["STRATA_NUM_THREADS": "4096"])
        #expect(many.status == 0 && many.stderr.contains("note: 4096 threads is more than the"), "\(many.stderr)")
        let bad = try Self.strata(arguments, in: directory, environment: ["STRATA_NUM_THREADS": "two"])
        #expect(bad.status == 1 && bad.stderr.contains("STRATA_NUM_THREADS is 'two'; expected an integer >= 1"), "\(bad.stderr)")
        let zero = try Self.strata(arguments, in: directory, environment: ["STRATA_NUM_THREADS": "0"])
        #expect(zero.status == 1 && zero.stderr.contains("STRATA_NUM_THREADS is '0'"), "\(zero.stderr)")
    }

    /// `--output in.npy --overwrite` replaced the input with the output: refused now, by
    /// path and through a link.
    @Test func anOutputNeverReplacesAnInput() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try Data(contentsOf: directory.appending(path: "in.npy"))
        let same = try Self.strata(["run", "seednet", "--input", "in.npy", "--output", "./in.npy", "--overwrite"], in: directory)
        #expect(same.status == 1 && same.stderr.contains("is also the command's input in.npy"), "\(same.stderr)")
        try FileManager.default.createSymbolicLink(atPath: directory.appending(path: "link.npy").path, withDestinationPath: "in.npy")
        let linked = try Self.strata(["run", "seednet", "--input", "link.npy", "--output", "in.npy", "--overwrite"], in: directory)
        #expect(linked.status == 1 && linked.stderr.contains("is also the command's input link.npy"), "\(linked.stderr)")
        #expect(try Data(contentsOf: directory.appending(path: "in.npy")) == before)
    }

    @Test func aWrongInputNameOnAOneInputModelIsNamed() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.strata(["run", "seednet", "--input", "y=in.npy", "--output", "o.npy"], in: directory)
        #expect(result.status == 1 && result.stderr.contains("--input y=in.npy names no input 'y'; the model has inputs"), "\(result.stderr)")
    }

    @Test func mapsOfAScalarLayerIsAnError() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Npy.write(try Tensor(shape: [], values: [2]), to: directory.appending(path: "scalar.npy"))
        let model = Self.onnxFixtures.appending(path: "scalar_input.onnx").path(percentEncoded: false)
        let result = try Self.strata(["maps", model, "--input", "scalar.npy", "--layer", "z", "--out", "maps"], in: directory)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("layer 'z' has shape []; maps draws feature maps [N, C, H, W] or [N, C]"), "\(result.stderr)")
    }

    @Test func outputsThatShareAFileNameAreAnError() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Npy.write(try Tensor(shape: [2, 3], repeating: 1), to: directory.appending(path: "x.npy"))
        let model = Self.onnxFixtures.appending(path: "outputs_named_like_paths.onnx").path(percentEncoded: false)
        let result = try Self.strata(["run", model, "--input", "x.npy", "--output-dir", "outs", "--overwrite"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("outputs 'a/b' and 'a_b' would both be written to"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "outs/a_b.npy").path(percentEncoded: false)))
    }

    @Test func hugeInputShapesAreRefusedBeforeAllocating() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.onnxFixtures.appending(path: "symbolic_hw_conv_pool.onnx").path(percentEncoded: false)
        for command in ["summary", "bench"] {
            let result = try Self.strata([command, model, "--input-shape", "1x3x65536x65536", "--runs", "1"].filter { command == "bench" || $0 != "--runs" && $0 != "1" }, in: directory)
            if command == "summary" {
                #expect(result.status == 0 && result.stdout.contains("peak activation memory"), "summary: \(result.stderr)")
                #expect(result.stdout.contains("more than the memory limit of"), "summary: \(result.stdout)")
            } else {
                #expect(result.status == 1 && result.stderr.contains("memory limit:"), "bench: \(result.stderr)")
            }
            #expect(!result.stderr.contains("Fatal error"))
        }
    }
}
