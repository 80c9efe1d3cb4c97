import Foundation
import Strata
import StrataVision
import Testing

/// Review fixes of the command line: `--top-k` above the class count, labels files with a
/// BOM or CR line ends, report outputs checked before any write, node names that would make
/// hidden files, pictures read by their first bytes, the imagenet preset on a gray model.
@Suite struct StrataCLIReviewFixesTests {
    static func exists(_ directory: URL, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appending(path: path).path(percentEncoded: false))
    }

    @Test func topKAboveTheClassCountShowsAllWithANote() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Npy.write(Tensor(shape: [1, 4], values: [1, 2, 3, 0]), to: directory.appending(path: "logits.npy"))
        let model = StrataCLIImageTests.fixture("identity_vector.onnx")
        let result = try StrataCLITests.strata(["run", model, "--input", "logits.npy", "--top-k", "2000"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("--top-k 2000 is more than the 4 classes; showing all"), "\(result.stderr)")
        // Header and the four classes, best first: 2, 1, 0, 3 (logits 3 > 2 > 1 > 0).
        let rows = result.stdout.split(separator: "\n")
        #expect(rows.count == 5 && rows.dropFirst().map { $0.split(separator: " ")[2] } == ["2", "1", "0", "3"], "\(result.stdout)")
        let exact = try StrataCLITests.strata(["run", model, "--input", "logits.npy", "--top-k", "4"], in: directory)
        #expect(exact.status == 0 && !exact.stderr.contains("more than"), "\(exact.stderr)")
    }

    @Test func labelsWithABOMOrCRLineEnds() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Npy.write(Tensor(shape: [1, 3], values: [3, 2, 1]), to: directory.appending(path: "logits.npy"))
        let model = StrataCLIImageTests.fixture("identity_vector.onnx")
        try Data([0xEF, 0xBB, 0xBF] + Array("tench\ngoldfish\nshark\n".utf8)).write(to: directory.appending(path: "bom.txt"))
        let bom = try StrataCLITests.strata(["run", model, "--input", "logits.npy", "--top-k", "1", "--labels", "bom.txt"], in: directory)
        #expect(bom.status == 0, "\(bom.stderr)")
        #expect(bom.stdout.hasSuffix("  tench\n") && !bom.stdout.contains("\u{FEFF}"), "\(bom.stdout)")
        try Data("tench\rgoldfish\rshark".utf8).write(to: directory.appending(path: "cr.txt"))
        let cr = try StrataCLITests.strata(["run", model, "--input", "logits.npy", "--top-k", "3", "--labels", "cr.txt"], in: directory)
        #expect(cr.status == 0, "\(cr.stderr)")
        #expect(cr.stdout.hasSuffix("  tench\n" + "   2     0.244728      1  goldfish\n" + "   3     0.090031      2  shark\n"), "\(cr.stdout)")
    }

    @Test func reportChecksEveryOutputBeforeWriting() throws {
        let directory = try StrataCLIReportTests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appending(path: "rep/index.html"), withIntermediateDirectories: true)
        let result = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep", "--overwrite"], in: directory)
        #expect(result.status == 1 && result.stderr.contains("rep/index.html is a directory"), "\(result.stderr)")
        #expect(!Self.exists(directory, "rep/input.png") && !Self.exists(directory, "rep/maps"))
        // A directory where a map goes: named, and nothing written either.
        try FileManager.default.removeItem(at: directory.appending(path: "rep/index.html"))
        try FileManager.default.createDirectory(at: directory.appending(path: "rep/maps/001-conv1.png"), withIntermediateDirectories: true)
        let map = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep", "--layer", "conv1"], in: directory)
        #expect(map.status == 1 && map.stderr.contains("rep/maps/001-conv1.png is a directory"), "\(map.stderr)")
        #expect(!Self.exists(directory, "rep/input.png") && !Self.exists(directory, "rep/index.html"))
        let help = try StrataCLITests.strata(["report", "--help"], in: directory)
        let text = (help.stdout + help.stderr).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("maps/ may still hold pictures"), "\(text)")
    }

    @Test func nodeNamesNeverMakeHiddenFiles() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Npy.write(try Tensor(shape: [1, 2, 3, 3], repeating: 1), to: directory.appending(path: "x.npy"))
        let model = StrataCLITests.onnxFixtures.appending(path: "outputs_named_like_hidden_files.onnx").path(percentEncoded: false)
        let run = try StrataCLITests.strata(["run", model, "--input", "x.npy", "--output-dir", "outs"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.appending(path: "outs").path(percentEncoded: false))
        // "../../etc/passwd": '/' → '_' gives ".._.._etc_passwd"; its two leading dots → "__".
        #expect(Set(written) == ["___.._etc_passwd.npy", "_hidden.npy"], "\(written)")
        let maps = try StrataCLITests.strata(["maps", model, "--input", "x.npy", "--layer", "../../etc/passwd", "--layer", ".hidden",
                                              "--out", "maps"], in: directory)
        #expect(maps.status == 0, "\(maps.stderr)")
        let drawn = try FileManager.default.contentsOfDirectory(atPath: directory.appending(path: "maps").path(percentEncoded: false))
        #expect(!drawn.isEmpty && drawn.allSatisfy { !$0.hasPrefix(".") } && drawn.contains("___.._etc_passwd.png"), "\(drawn)")
    }

    @Test func aPNGNamedJPGIsReadAsPNG() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: URL(filePath: StrataCLIImageTests.fixture("photo.png")), to: directory.appending(path: "photo.jpg"))
        let flags = ["--input-shape", "1x3x6x6", "--preprocess", "imagenet", "--resize", "8"]
        let converted = try StrataCLITests.strata(["convert", "photo.jpg", "--out", "x.npy"] + flags, in: directory)
        #expect(converted.status == 0, "\(converted.stderr)")
        // The same numpy tensor as the picture under its own name.
        try StrataCLIImageTests.expectClose(directory.appending(path: "x.npy"), "case_imagenet_resize8_1x3x6x6.npy")
    }

    @Test func imagenetPresetOnAGrayModelNamesThePreset() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gradient = StrataCLIImageTests.fixture("gradient.jpg")
        // seednet's input is [1, 1, 28, 28].
        let wrong = try StrataCLITests.strata(["run", "seednet", "--input", gradient, "--preprocess", "imagenet", "--output", "o.npy"], in: directory)
        #expect(wrong.status == 1 && wrong.stderr.contains("imagenet preset's mean and std") && wrong.stderr.contains("for RGB")
                && wrong.stderr.contains("1 channel") && wrong.stderr.contains("--mean M --std S"), "\(wrong.stderr)")
        let given = try StrataCLITests.strata(["run", "seednet", "--input", gradient, "--preprocess", "imagenet", "--mean", "0.449",
                                               "--std", "0.226", "--output", "o.npy"], in: directory)
        #expect(given.status == 0, "\(given.stderr)")
        // Only --mean given: the preset's std still is RGB's.
        let half = try StrataCLITests.strata(["run", "seednet", "--input", gradient, "--preprocess", "imagenet", "--mean", "0.449",
                                              "--output", "o2.npy"], in: directory)
        #expect(half.status == 1 && half.stderr.contains("imagenet preset's std"), "\(half.stderr)")
    }
}
