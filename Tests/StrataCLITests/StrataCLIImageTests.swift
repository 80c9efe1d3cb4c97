import Foundation
import Strata
import Testing

/// `strata convert`, pictures into `run`, `run --top-k` and the messages for common input
/// mistakes. Expected tensors come from Scripts/make-image-cases (numpy), expected
/// probabilities are computed by hand; the Identity models make `run` write what it was fed.
@Suite struct StrataCLIImageTests {
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/images")

    static func fixture(_ name: String) -> String { fixtures.appending(path: name).path(percentEncoded: false) }

    static func run(_ arguments: [String], in directory: URL) throws -> StrataCLITests.Result {
        try StrataCLITests.strata(arguments, in: directory)
    }

    static func expectClose(_ file: URL, _ expectedName: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try Npy.read(contentsOf: file)
        let expected = try Npy.read(contentsOf: fixtures.appending(path: expectedName))
        #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
        // Float32 against numpy's float64, values up to `largest` (see ImagePreprocessingTests).
        let tolerance = 4e-6 * max(1, expected.scalars.map(abs).max() ?? 1)
        #expect(zip(actual.scalars, expected.scalars).allSatisfy { abs($0 - $1) <= tolerance }, sourceLocation: sourceLocation)
    }

    @Test func convertWritesWhatRunFeeds() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let photo = Self.fixture("photo.png")
        let flags = ["--preprocess", "imagenet", "--resize", "8"]
        let bare = try Self.run(["convert", photo, "--input-shape", "1x3x6x6", "--out", "bare.npy"] + flags, in: directory)
        #expect(bare.status == 0, "\(bare.stderr)")
        try Self.expectClose(directory.appending(path: "bare.npy"), "case_imagenet_resize8_1x3x6x6.npy")

        let model = Self.fixture("identity_image.onnx")
        let converted = try Self.run(["convert", photo, model, "--out", "converted.npy"] + flags, in: directory)
        #expect(converted.status == 0, "\(converted.stderr)")
        let ran = try Self.run(["run", model, "--input", photo, "--output", "out.npy"] + flags, in: directory)
        #expect(ran.status == 0, "\(ran.stderr)")
        let fed = try Npy.read(contentsOf: directory.appending(path: "out.npy"))
        let written = try Npy.read(contentsOf: directory.appending(path: "converted.npy"))
        #expect(fed.shape == written.shape && fed.scalars == written.scalars)

        let letterbox = try Self.run(["convert", photo, "--input-shape", "1x3x8x8", "--out", "lb.npy", "--crop", "letterbox",
                                      "--channel-order", "bgr", "--pixel-range", "0-255"], in: directory)
        #expect(letterbox.status == 0, "\(letterbox.stderr)")
        try Self.expectClose(directory.appending(path: "lb.npy"), "case_letterbox_bgr_0-255_1x3x8x8.npy")

        let again = try Self.run(["convert", photo, "--input-shape", "1x3x8x8", "--out", "lb.npy"], in: directory)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        let wrong = try Self.run(["convert", photo, "--input-shape", "1x3x8x8", "--out", "x.npy", "--crop", "none", "--resize", "9"], in: directory)
        #expect(wrong.status == 64 && wrong.stderr.contains("--resize 9 needs --crop center"))
    }

    @Test func runTakesJPEGs() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // solid.jpg decodes to (200, 100, 50) everywhere; stretched and scaled: 200/255, 100/255, 50/255.
        let ran = try Self.run(["run", Self.fixture("identity_image.onnx"), "--input", Self.fixture("solid.jpg"), "--output", "out.npy"],
                               in: directory)
        #expect(ran.status == 0, "\(ran.stderr)")
        let out = try Npy.read(contentsOf: directory.appending(path: "out.npy"))
        #expect(out.shape == [1, 3, 6, 6])
        for (channel, level) in [Float(200), 100, 50].enumerated() {
            #expect(out.scalars[(channel * 36)..<((channel + 1) * 36)].allSatisfy { abs($0 - level / 255) < 1e-6 })
        }
    }

    @Test func mapsTakesAPreprocessedJPEG() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // seednet's input is [1, 1, 28, 28]: the colour JPEG becomes luma, centre-cropped.
        let result = try Self.run(["maps", "seednet", "--input", Self.fixture("gradient.jpg"), "--layer", "conv1", "--out", "maps",
                                   "--crop", "center", "--mean", "0.5", "--std", "0.25"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "maps/conv1.png").path(percentEncoded: false)))
        let wrong = try Self.run(["maps", "seednet", "--input", Self.fixture("gradient.jpg"), "--layer", "conv1", "--out", "maps2",
                                  "--preprocess", "imagenet"], in: directory)
        #expect(wrong.status == 1 && wrong.stderr.contains("imagenet preset's mean and std") && wrong.stderr.contains("1 channel"), "\(wrong.stderr)")
    }

    @Test func topKPrintsTheBestClasses() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Npy.write(Tensor(shape: [1, 4], values: [1, 2, 3, 0]), to: directory.appending(path: "logits.npy"))
        try "tench\ngoldfish\nshark\nray\n".write(to: directory.appending(path: "labels.txt"), atomically: true, encoding: .utf8)
        let model = Self.fixture("identity_vector.onnx")
        let result = try Self.run(["run", model, "--input", "logits.npy", "--top-k", "2", "--labels", "labels.txt"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // softmax([1, 2, 3, 0]) = [e^-2, e^-1, 1, e^-3] / 1.5530011 = [0.0871443, 0.2368828, 0.6439143, 0.0320586].
        #expect(result.stdout == """
            rank  probability  class  label
               1     0.643914      2  shark
               2     0.236883      1  goldfish

            """)
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "out.npy").path(percentEncoded: false)))

        try "tench\ngoldfish\nshark\n".write(to: directory.appending(path: "three.txt"), atomically: true, encoding: .utf8)
        let short = try Self.run(["run", model, "--input", "logits.npy", "--top-k", "1", "--labels", "three.txt", "--output", "o.npy"], in: directory)
        #expect(short.status == 1 && short.stderr.contains("three.txt has 3 labels") && short.stderr.contains("4 classes"))
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "o.npy").path(percentEncoded: false)))
        let shaped = try Self.run(["run", "seednet", "--input", "zeros.npy", "--output", "o.npy", "--input-shape", "1x1x28x28"], in: directory)
        #expect(shaped.status == 1 && shaped.stderr.contains("drop --input-shape"), "\(shaped.stderr)")
        let negativeTop = try Self.run(["maps", "seednet", "--input", "zeros.npy", "--layer", "conv1", "--out", "m", "--top", "-1"], in: directory)
        #expect(negativeTop.status == 64 && negativeTop.stderr.contains("--top must be >= 1"), "\(negativeTop.stderr)")
        let nothing = try Self.run(["run", model, "--input", "logits.npy"], in: directory)
        #expect(nothing.status == 64 && nothing.stderr.contains("--top-k"))
    }

    @Test func inputMistakesSayWhatToDo() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try Self.run(["run", "seednet", "--input", "missing.npy", "--output", "o.npy"], in: directory)
        #expect(missing.status == 1 && missing.stderr.contains("no such file: ") && missing.stderr.contains("missing.npy") && !missing.stderr.contains("malformed"))
        let missingModel = try Self.run(["run", "gone.onnx", "--input", "in.npy", "--output", "o.npy"], in: directory)
        #expect(missingModel.status == 1 && missingModel.stderr.contains("no such file: ") && missingModel.stderr.contains("gone.onnx") && !missingModel.stderr.contains("malformed"))

        // np.save("f8.npy", np.zeros((1, 1, 28, 28))): a float64 header, 784 zero doubles.
        var float64: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 28, 28), }"
        let headerLength = (10 + dict.utf8.count + 1 + 63) / 64 * 64 - 10
        float64 += [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)] + Array(dict.utf8)
        float64 += [UInt8](repeating: 0x20, count: headerLength - dict.utf8.count - 1) + [0x0A] + [UInt8](repeating: 0, count: 8 * 784)
        try Data(float64).write(to: directory.appending(path: "f8.npy"))
        let double = try Self.run(["run", "seednet", "--input", "f8.npy", "--output", "o.npy"], in: directory)
        #expect(double.status == 1 && double.stderr.contains("np.save(path, a.astype('<f4'))"), "\(double.stderr)")

        try Npy.write(Tensor(shape: [1, 28, 28, 1] as [Int]), to: directory.appending(path: "nhwc.npy"))
        let nhwc = try Self.run(["run", "seednet", "--input", "nhwc.npy", "--output", "o.npy"], in: directory)
        #expect(nhwc.status == 1 && nhwc.stderr.contains("looks like NHWC") && nhwc.stderr.contains("a.transpose(0, 3, 1, 2)"), "\(nhwc.stderr)")
        // A wrong shape that is not a transposition keeps the model's own message.
        try Npy.write(Tensor(shape: [1, 1, 27, 28] as [Int]), to: directory.appending(path: "small.npy"))
        let small = try Self.run(["run", "seednet", "--input", "small.npy", "--output", "o.npy"], in: directory)
        #expect(small.status == 1 && !small.stderr.contains("NHWC"))
    }

    /// Found by a reviewer: the hint was only in `run`; picture flags were ignored for an
    /// array; bad picture flags exited 1 instead of 64; negative values read as flags; a
    /// huge symbolic size crashed while the picture was resized.
    @Test func pictureFlagsAreCheckedLikeFlags() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Npy.write(Tensor(shape: [1, 28, 28, 1] as [Int]), to: directory.appending(path: "nhwc.npy"))
        for command in [["maps", "seednet", "--input", "nhwc.npy", "--layer", "conv1", "--out", "m"],
                        ["report", "seednet", "--input", "nhwc.npy", "--out", "r"]] {
            let nhwc = try Self.run(command, in: directory)
            #expect(nhwc.status == 1 && nhwc.stderr.contains("a.transpose(0, 3, 1, 2)"), "\(command[0]): \(nhwc.stderr)")
        }
        try Npy.write(Tensor(shape: [1, 1, 28, 28] as [Int]), to: directory.appending(path: "zeros.npy"))
        let ignored = try Self.run(["run", "seednet", "--input", "zeros.npy", "--output", "o.npy", "--preprocess", "imagenet"], in: directory)
        #expect(ignored.status == 1 && ignored.stderr.contains("apply to picture inputs") && ignored.stderr.contains("zeros.npy"), "\(ignored.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "o.npy").path(percentEncoded: false)))

        let photo = Self.fixture("photo.png")
        for (flags, message) in [(["--resize", "0"], "--resize 0; expected a size >= 1"),
                                 (["--resize", "-5"], "--resize -5; expected a size >= 1"),
                                 (["--crop", "bogus"], "--crop bogus; expected center, letterbox or none"),
                                 (["--std", "1e-45,1,1"], "expected standard deviations > 0"),
                                 (["--std", "-0.2,1,1"], "expected standard deviations > 0")] {
            let bad = try Self.run(["convert", photo, "--input-shape", "1x3x6x6", "--out", "x.npy"] + flags, in: directory)
            #expect(bad.status == 64 && bad.stderr.contains(message), "\(flags): \(bad.stderr)")
        }
        // A negative mean is a value, not a flag: (v / 255 + 0.5) for the 6x6 stretch.
        let negative = try Self.run(["convert", photo, "--input-shape", "1x3x6x6", "--out", "neg.npy", "--mean", "-0.5,-0.5,-0.5"], in: directory)
        #expect(negative.status == 0, "\(negative.stderr)")
        let plain = try Self.run(["convert", photo, "--input-shape", "1x3x6x6", "--out", "plain.npy"], in: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        let shifted = try Npy.read(contentsOf: directory.appending(path: "neg.npy")).scalars
        let unshifted = try Npy.read(contentsOf: directory.appending(path: "plain.npy")).scalars
        #expect(zip(shifted, unshifted).allSatisfy { abs($0 - ($1 + 0.5)) < 1e-6 })

        // 3 x 8000 x 8000 floats are 768 MB: over a 100 MB limit before anything is allocated.
        let huge = try StrataCLITests.strata(["convert", photo, "--input-shape", "1x3x8000x8000", "--out", "big.npy"],
                                             in: directory, environment: ["STRATA_MEMORY_LIMIT": "100M"])
        #expect(huge.status == 1 && huge.stderr.contains("memory limit: the input [1, 3, 8000, 8000] made from the picture needs 768000000 bytes"),
                "\(huge.stderr)")
        #expect(!huge.stderr.contains("Fatal error") && !FileManager.default.fileExists(atPath: directory.appending(path: "big.npy").path(percentEncoded: false)))
    }
}
