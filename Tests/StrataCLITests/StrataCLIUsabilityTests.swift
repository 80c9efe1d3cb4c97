import Foundation
import Strata
import Testing

/// The CLI's own conventions (issue 11, point 6): `--version`, bench's sizes and JSON keys,
/// run's output paths, and the messages for negative counts.
@Suite struct StrataCLIUsabilityTests {
    @Test func versionPrintsTheLibraryVersion() throws {
        let result = try StrataCLITests.strata(["--version"], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0 && result.stdout == "\(StrataVersion.current)\n", "\(result.stdout)\(result.stderr)")
        #expect(StrataVersion.current.split(separator: ".").count == 3)
    }

    /// ArgumentParser reads `-1` after an option as a flag ("missing value for --batch")
    /// unless told otherwise; the user must learn the value's range instead.
    @Test(arguments: [["bench", "seednet", "--batch", "-1"], ["bench", "seednet", "--size", "-1"],
                      ["bench", "seednet", "--threads", "-1"], ["bench", "seednet", "--runs", "-1"],
                      ["run", "seednet", "--input", "in.npy", "--output", "o.npy", "--threads", "-1"]])
    func negativeCountsSayTheirRange(_ arguments: [String]) throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try StrataCLITests.strata(arguments, in: directory)
        let flag = arguments[arguments.count - 2]
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("Error: \(flag) must be >= 1, got -1"), "\(result.stderr)")
    }

    @Test func benchTakesASizeOrAnInputShapeAndReportsItsSetting() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sized = try StrataCLITests.strata(["bench", "seednet", "--size", "20", "--batch", "2", "--runs", "1", "--threads", "1"], in: directory)
        #expect(sized.status == 0 && sized.stdout.contains("input [2, 1, 20, 20]"), "\(sized.stdout)\(sized.stderr)")
        let shaped = try StrataCLITests.strata(["bench", "seednet", "--input-shape", "3x1x16x16", "--runs", "1", "--threads", "1"], in: directory)
        #expect(shaped.status == 0 && shaped.stdout.contains("input [3, 1, 16, 16]"), "\(shaped.stdout)\(shaped.stderr)")
        let both = try StrataCLITests.strata(["bench", "seednet", "--size", "20", "--input-shape", "1x1x16x16"], in: directory)
        #expect(both.status == 64 && both.stderr.contains("give --size or --input-shape, not both"), "\(both.stderr)")
        let notSquare = try StrataCLITests.strata(["bench", "seednet", "--input-shape", "1x1x16x20"], in: directory)
        #expect(notSquare.status == 1 && notSquare.stderr.contains("seednet takes an input [N, 1, S, S]"), "\(notSquare.stderr)")

        let json = try StrataCLITests.strata(["bench", "seednet", "--batch", "2", "--runs", "2", "--threads", "1", "--json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(Set(object.keys) == ["model", "batch", "threads", "p50_ms", "p95_ms", "images_per_s", "plan_ms", "load_ms", "peak_rss_mb"])
        #expect(object["model"] as? String == "seednet" && object["batch"] as? Int == 2 && object["threads"] as? Int == 1)
    }

    /// `--output` in a missing folder creates it, like `mkdir -p`; a name that does not end
    /// in .npy is refused before anything runs.
    @Test func runCreatesTheOutputFolderAndChecksTheExtension() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let nested = try StrataCLITests.strata(["run", "seednet", "--input", "in.npy", "--output", "a/b/out.npy"], in: directory)
        #expect(nested.status == 0, "\(nested.stderr)")
        #expect(try Npy.read(contentsOf: directory.appending(path: "a/b/out.npy")).shape == [1, 10])
        let folder = try StrataCLITests.strata(["run", "seednet", "--input", "in.npy", "--output-dir", "c/d"], in: directory)
        #expect(folder.status == 0 && FileManager.default.fileExists(atPath: directory.appending(path: "c/d/softmax.npy").path(percentEncoded: false)))
        let png = try StrataCLITests.strata(["run", "seednet", "--input", "in.npy", "--output", "out.png"], in: directory)
        #expect(png.status == 64 && png.stderr.contains("--output out.png: run writes a NumPy array; expected a file name ending in .npy"),
                "\(png.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "out.png").path(percentEncoded: false)))
    }

    /// A built-in model follows the input's batch and size (the seed network at 16x16, batch 2).
    @Test func runBuildsABuiltInModelForTheInputSize() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rng = SeededGenerator(seed: 4)
        let input = try Tensor.uniform([2, 1, 16, 16], using: &rng)
        try Npy.write(input, to: directory.appending(path: "small.npy"))
        let result = try StrataCLITests.strata(["run", "seednet", "--input", "small.npy", "--output", "o.npy"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try GraphRunner(ModelZoo.build("seednet", inputSize: 16, batch: 2, seed: 1)).run(input).output
        // The CLI's compiled plan folds BatchNorm and fuses; the reference runner does not.
        let output = try Npy.read(contentsOf: directory.appending(path: "o.npy"))
        #expect(output.shape == [2, 10] && zip(output.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
