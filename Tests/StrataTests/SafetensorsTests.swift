import Foundation
import Strata
import Testing

/// safetensors: the format pinned byte for byte (by hand and by the reference
/// implementation), round trips, files and strict loading. Hostile input is in
/// `SafetensorsHostileInputTests`.
@Suite struct SafetensorsTests {
    // MARK: Helpers (independent of the code under test)

    /// Little-endian float32 bytes.
    static func bytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) } }
    }

    /// A file built from a literal header: its length as UInt64 little-endian, the header,
    /// then `data`. `declaredLength` overrides the length field.
    static func file(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        let length = declaredLength ?? UInt64(headerBytes.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + headerBytes + data
    }

    /// A file with one entry `name: entry` and `dataBytes` zero bytes of data.
    static func file(name: String = "w", entry: String, dataBytes: Int) -> [UInt8] {
        file(header: #"{"\#(name)":\#(entry)}"#, data: [UInt8](repeating: 0, count: dataBytes))
    }

    /// Every malformed-file error is a `StrataError.invalidFile`.
    static func expectInvalidFile(
        mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        expectStrataError(.invalidFile, mentioning: fragments, sourceLocation: sourceLocation, body)
    }

    static func bitPatterns(_ tensor: Tensor?) -> [UInt32] { tensor?.scalars.map(\.bitPattern) ?? [] }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: The format, byte for byte

    /// The tiny file: two tensors given in reverse name order, one metadata string.
    static func tinyTensors() throws -> [String: Tensor] {
        ["conv.weight": try Tensor(shape: [1, 1, 2, 2], values: [0.5, -1.5, 2, 3]),
         "conv.bias": try Tensor(shape: [1], values: [0.25])]
    }

    /// The tiny file written out by hand:
    ///
    /// ```
    /// offset 0    a8 00 00 00 00 00 00 00   N = 168, the header length, UInt64 little-endian
    /// offset 8    the header: 167 bytes of compact JSON + 1 space, so that 8 + N = 176 is
    ///             a multiple of 8. "__metadata__" first, then the tensors in name order,
    ///             each with "dtype", "shape", "data_offsets" (relative to the data section)
    /// offset 176  the data section, 20 bytes, float32 little-endian:
    ///             [0, 4)   conv.bias    0.25              3e800000            -> 00 00 80 3e
    ///             [4, 20)  conv.weight  0.5 -1.5 2 3      3f000000 bfc00000   -> 00 00 00 3f  00 00 c0 bf
    ///                                                     40000000 40400000   -> 00 00 00 40  00 00 40 40
    /// ```
    static let tinyFileByHand: [UInt8] = {
        let header = #"{"__metadata__":{"format":"strata"},"#
            + #""conv.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""conv.weight":{"dtype":"F32","shape":[1,1,2,2],"data_offsets":[4,20]}}"#
            + " "
        return [0xa8, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8)
            + [0x00, 0x00, 0x80, 0x3e]
            + [0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0xc0, 0xbf, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x40, 0x40]
    }()

    /// The same file written by the reference implementation (the `safetensors` 0.8.0 pip
    /// package, Rust core) with this script, then pasted here as hex:
    ///
    /// ```python
    /// import numpy as np
    /// from safetensors.numpy import save
    /// data = save({"conv.weight": np.array([0.5, -1.5, 2.0, 3.0], dtype="<f4").reshape(1, 1, 2, 2),
    ///              "conv.bias": np.array([0.25], dtype="<f4")},
    ///             metadata={"format": "strata"})
    /// print(data.hex())
    /// ```
    static let tinyFileByReference = """
        a8000000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a22737472617461227d2c2263\
        6f6e762e62696173223a7b226474797065223a22463332222c227368617065223a5b315d2c22646174615f6f6666\
        73657473223a5b302c345d7d2c22636f6e762e776569676874223a7b226474797065223a22463332222c22736861\
        7065223a5b312c312c322c325d2c22646174615f6f666673657473223a5b342c32305d7d7d200000803e0000003f\
        0000c0bf0000004000004040
        """

    /// Names that need JSON escapes and sort differently in UTF-8 than as typed, written by
    /// the reference implementation:
    ///
    /// ```python
    /// data = save({'q"b\\s\n\x01': np.array([1.0], dtype="<f4"),
    ///              "\u00e9t\u00e9": np.array([2.0], dtype="<f4"),
    ///              "Z/x": np.array([3.0], dtype="<f4")})
    /// print(data.hex())
    /// ```
    /// Its header: `{"Z/x":{...[0,4]},"q\"b\\s\n\u0001":{...[4,8]},"été":{...[8,12]}}` + 3 spaces.
    static let escapedNamesByReference = """
        b8000000000000007b225a2f78223a7b226474797065223a22463332222c227368617065223a5b315d2c22646174\
        615f6f666673657473223a5b302c345d7d2c22715c22625c5c735c6e5c7530303031223a7b226474797065223a22\
        463332222c227368617065223a5b315d2c22646174615f6f666673657473223a5b342c385d7d2c22c3a974c3a922\
        3a7b226474797065223a22463332222c227368617065223a5b315d2c22646174615f6f666673657473223a5b382c\
        31325d7d7d202020000040400000803f00000040
        """

    static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.filter(\.isHexDigit))
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    @Test func tinyFileMatchesHandWrittenBytes() throws {
        #expect(Self.tinyFileByHand.count == 8 + 168 + 20)
        #expect(try Safetensors.encode(Self.tinyTensors(), metadata: ["format": "strata"]) == Self.tinyFileByHand)

        let contents = try Safetensors.decodeContents(Self.tinyFileByHand)
        #expect(contents.metadata == ["format": "strata"])
        #expect(contents.tensors.keys.sorted() == ["conv.bias", "conv.weight"])
        #expect(contents.tensors["conv.weight"]?.shape == [1, 1, 2, 2])
        #expect(contents.tensors["conv.weight"]?.scalars == [0.5, -1.5, 2, 3])
        #expect(contents.tensors["conv.bias"]?.shape == [1])
        #expect(contents.tensors["conv.bias"]?.scalars == [0.25])
    }

    @Test func tinyFileMatchesReferenceImplementation() throws {
        let reference = Self.hexBytes(Self.tinyFileByReference)
        #expect(reference == Self.tinyFileByHand)
        #expect(try Safetensors.encode(Self.tinyTensors(), metadata: ["format": "strata"]) == reference)
        #expect(try Safetensors.decode(reference)["conv.weight"]?.scalars == [0.5, -1.5, 2, 3])
    }

    @Test func escapedNamesMatchReferenceImplementation() throws {
        let reference = Self.hexBytes(Self.escapedNamesByReference)
        let tensors = ["q\"b\\s\n\u{01}": try Tensor(shape: [1], values: [1]),
                       "été": try Tensor(shape: [1], values: [2]),
                       "Z/x": try Tensor(shape: [1], values: [3])]
        #expect(try Safetensors.encode(tensors) == reference)
        let decoded = try Safetensors.decode(reference)
        #expect(decoded.count == 3)
        for (name, tensor) in tensors { #expect(decoded[name]?.scalars == tensor.scalars, "\(name)") }
    }

    /// The reference implementation's own expected bytes for no tensors (its `test_empty`).
    @Test func noTensorsIsAnEightByteHeader() throws {
        let expected: [UInt8] = [8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20]
        #expect(try Safetensors.encode([:]) == expected)
        #expect(try Safetensors.decode(expected).isEmpty)
    }

    // MARK: Round trips

    @Test func roundTripOfSeededTensorsOfEveryRank() throws {
        var rng = SeededGenerator(seed: 7)
        let tensors: [String: Tensor] = [
            "fc.bias": try Tensor.uniform([10], low: -1, high: 1, using: &rng),
            "fc.weight": try Tensor.normal([10, 37], using: &rng),
            "embed": try Tensor.normal([3, 5, 7], using: &rng),
            "layer1.0.conv1.weight": try Tensor.he([16, 3, 3, 3], fanIn: 27, using: &rng),
            "special": try Tensor(shape: [2, 4], values: [
                .nan, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, Float(bitPattern: 0x0001_2345), 1]),
        ]
        let metadata = ["format": "strata", "seed": "7", "note": "été \"quoted\"\n"]
        let bytes = try Safetensors.encode(tensors, metadata: metadata)

        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        #expect(bytes.count == 8 + headerLength + 4 * tensors.values.reduce(0) { $0 + $1.elementCount })

        let contents = try Safetensors.decodeContents(bytes)
        #expect(contents.metadata == metadata)
        #expect(Set(contents.tensors.keys) == Set(tensors.keys))
        for (name, tensor) in tensors {
            #expect(contents.tensors[name]?.shape == tensor.shape, "\(name)")
            #expect(Self.bitPatterns(contents.tensors[name]) == Self.bitPatterns(tensor), "\(name)")
        }
        // Deterministic: the same input gives the same bytes, and so does re-encoding.
        #expect(try Safetensors.encode(tensors, metadata: metadata) == bytes)
        #expect(try Safetensors.encode(contents.tensors, metadata: contents.metadata) == bytes)
    }

    @Test func tensorNamedLikeTheMetadataKeyIsRefused() throws {
        expectStrataError(.invalidArgument, mentioning: ["\"__metadata__\"", "reserves"]) {
            _ = try Safetensors.encode(["__metadata__": try Tensor(shape: [1], values: [1])])
        }
    }

    // MARK: Files

    @Test func writeThenReadFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("tiny.safetensors")
        try Safetensors.write(Self.tinyTensors(), to: url, metadata: ["format": "strata"])
        #expect(try [UInt8](Data(contentsOf: url)) == Self.tinyFileByHand)
        let contents = try Safetensors.readContents(of: url)
        #expect(contents.metadata == ["format": "strata"])
        #expect(try Safetensors.read(contentsOf: url)["conv.weight"]?.scalars == [0.5, -1.5, 2, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["tiny.safetensors"])
    }

    /// `shapes(in:)` reads the header alone: the file here is a sparse 64 GiB one, which a
    /// whole-file read could not even allocate on the machines this runs on.
    @Test func shapesComeFromTheHeaderWithoutReadingTheData() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("huge.safetensors")
        let dataBytes = 16 << 32   // 16 · 2^30 float32 values
        let header = Self.file(header: #"{"big":{"dtype":"F32","shape":[16,1073741824],"data_offsets":[0,\#(dataBytes)]}}"#)
        try Data(header).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(header.count + dataBytes))
        try handle.close()

        #expect(try Safetensors.shapes(in: url) == ["big": try Shape([16, 1_073_741_824])])
    }

    @Test func shapesOfABadHeaderThrowLikeARead() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("short.safetensors")
        try Data(Self.file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0])).write(to: url)
        Self.expectInvalidFile(mentioning: [url.path, "\"w\"", "past the end of the 4-byte data section"]) {
            _ = try Safetensors.shapes(in: url)
        }
        Self.expectInvalidFile(mentioning: [url.path, "past the end of the 4-byte data section"]) {
            _ = try Safetensors.read(contentsOf: url)
        }
    }

    /// A FIFO where a file is expected is refused at once (review of the tuning cache:
    /// opening it for reading waited for a writer forever).
    @Test(.timeLimit(.minutes(1))) func aFIFOIsRefusedWithoutWaiting() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("weights.safetensors")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        Self.expectInvalidFile(mentioning: [fifo.path, "is not a regular file"]) { _ = try Safetensors.read(contentsOf: fifo) }
        Self.expectInvalidFile(mentioning: [fifo.path, "is not a regular file"]) { _ = try Npy.read(contentsOf: fifo) }
    }

    @Test func writeRefusesToOverwriteUnlessAsked() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("weights.safetensors")
        let original = Data("a file the user cares about".utf8)
        try original.write(to: url)

        Self.expectInvalidFile(mentioning: [url.path, "already exists", "overwrite: true"]) {
            try Safetensors.write(Self.tinyTensors(), to: url)
        }
        #expect(try Data(contentsOf: url) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["weights.safetensors"])

        try Safetensors.write(Self.tinyTensors(), to: url, metadata: ["format": "strata"], overwrite: true)
        #expect(try [UInt8](Data(contentsOf: url)) == Self.tinyFileByHand)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["weights.safetensors"])
    }

    @Test func missingFileAndMissingFolderAreErrors() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("absent.safetensors")
        Self.expectInvalidFile(mentioning: [missing.path, "no such file"]) { _ = try Safetensors.read(contentsOf: missing) }
        let inMissingFolder = directory.appendingPathComponent("no/such/folder/w.safetensors")
        Self.expectInvalidFile(mentioning: ["no/such/folder", "No such file"]) {
            try Safetensors.write(Self.tinyTensors(), to: inMissingFolder)
        }
        Self.expectInvalidFile(mentioning: [directory.path, "not a regular file"]) { _ = try Safetensors.read(contentsOf: directory) }
    }

    @Test func badFileNamesItsPath() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("short.safetensors")
        try Data([1, 2, 3]).write(to: url)
        Self.expectInvalidFile(mentioning: [url.path, "3 bytes long", "at least 8"]) { _ = try Safetensors.read(contentsOf: url) }
    }

    // MARK: Strict loading

    @Test func checkNamesListsEveryProblemAtOnce() throws {
        let expected: [String: Shape] = [
            "conv1.weight": [16, 3, 3, 3], "conv1.bias": [16], "fc.weight": [10, 64], "fc.bias": [10], "bn.scale": [16],
        ]
        let found: [String: Tensor] = [
            "conv1.weight": try Tensor(shape: [16, 3, 5, 5]),
            "fc.weight": try Tensor(shape: [10, 64]),
            "fc.bias": try Tensor(shape: [1, 10]),
            "head.weight": try Tensor(shape: [2, 2]),
            "aux.bias": try Tensor(shape: [3]),
        ]
        let report = StrictLoadReport(expected: expected, found: found)
        #expect(report.missing.map(\.name) == ["bn.scale", "conv1.bias"])
        #expect(report.unexpected.map(\.name) == ["aux.bias", "head.weight"])
        #expect(report.wrongShape.map(\.name) == ["conv1.weight", "fc.bias"])

        let error = #expect(throws: StrataError.self) { try Safetensors.checkNames(expected: expected, found: found) }
        let message = error?.description ?? ""
        let lines = [
            "missing \"bn.scale\" (expected shape [16])",
            "missing \"conv1.bias\" (expected shape [16])",
            "unexpected \"aux.bias\" (shape [3])",
            "unexpected \"head.weight\" (shape [2, 2])",
            "\"conv1.weight\" has shape [16, 3, 5, 5]; expected [16, 3, 3, 3]",
            "\"fc.bias\" has shape [1, 10]; expected [10]",
        ]
        #expect(message.contains("6 problems"), "\(message)")
        // Every problem, in this order: missing, unexpected, wrong shape, each sorted by name.
        var searchFrom = message.startIndex
        for line in lines {
            let hit = message.range(of: line, range: searchFrom..<message.endIndex)
            #expect(hit != nil, "\"\(message)\" does not mention \"\(line)\" after the previous problem")
            searchFrom = hit?.upperBound ?? searchFrom
        }
    }

    @Test func checkNamesAcceptsAnExactMatch() throws {
        let tensors = try Self.tinyTensors()
        try Safetensors.checkNames(expected: tensors.mapValues(\.shape), found: tensors)
        #expect(StrictLoadReport(expected: tensors.mapValues(\.shape), found: tensors).isEmpty)
    }
}

