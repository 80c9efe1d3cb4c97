import Foundation
import Strata
@testable import StrataTraining
import Testing

/// Tests/Fixtures/idx (written by the Python in its README), found from this file's path.
enum IDXFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/idx")
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// A fresh folder for files a test writes.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Big-endian IDX bytes: the magic number, the dimensions, then `values`.
    static func idx(magic: UInt32, _ dimensions: [UInt32], _ values: [UInt8]) -> [UInt8] {
        func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return bigEndian(magic) + dimensions.flatMap(bigEndian) + values
    }

    static func write(_ bytes: [UInt8], _ name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}

/// The message of the `StrataError` `body` throws (empty, after a failed expectation, when
/// it throws none).
func errorMessage(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let error = #expect(throws: StrataError.self, sourceLocation: sourceLocation) { try body() }
    return error.map { "\($0)" } ?? ""
}

@Suite struct IDXTests {
    static let tinyImages: [UInt8] = [0, 1, 2, 3, 4, 255, 10, 20, 30, 40, 50, 60]

    @Test(arguments: ["tiny-images-idx3-ubyte", "tiny-images-idx3-ubyte.gz"])
    func readsImages(_ name: String) throws {
        let array = try IDXArray(contentsOf: IDXFixtures.url(name), magic: IDXArray.imagesMagic)
        #expect(array.dimensions == [2, 2, 3])
        #expect(array.bytes == Self.tinyImages)
    }

    @Test(arguments: ["tiny-labels-idx1-ubyte", "tiny-labels-idx1-ubyte.gz"])
    func readsLabels(_ name: String) throws {
        let array = try IDXArray(contentsOf: IDXFixtures.url(name), magic: IDXArray.labelsMagic)
        #expect(array.dimensions == [2])
        #expect(array.bytes == [3, 7])
    }

    /// Both files together: [N, 1, H, W] floats, each byte / 255 (ToTensor), integer labels.
    @Test(arguments: ["", ".gz"])
    func makesADataset(_ suffix: String) throws {
        let dataset = try ImageDataset(
            imagesFile: IDXFixtures.url("tiny-images-idx3-ubyte" + suffix),
            labelsFile: IDXFixtures.url("tiny-labels-idx1-ubyte" + suffix),
            classes: (0..<10).map(String.init))
        #expect(dataset.images.shape.dimensions == [2, 1, 2, 3])
        #expect(dataset.imageShape == [1, 2, 3])
        #expect(dataset.count == 2)
        #expect(dataset.labels == [3, 7])
        #expect(dataset.images.scalars == Self.tinyImages.map { Float($0) / 255 })
        #expect(dataset.images[0, 0, 1, 2] == 1)
        #expect(dataset.images[1, 0, 0, 0] == Float(10) / 255)
    }

    @Test func aMissingFileIsNamed() throws {
        let path = IDXFixtures.url("no-such-images-idx3-ubyte.gz")
        let message = errorMessage { _ = try IDXArray(contentsOf: path, magic: IDXArray.imagesMagic) }
        #expect(message == "invalid file: no such file: \(path.path)")
    }

    @Test func aFolderIsNotAnIDXFile() throws {
        let message = errorMessage { _ = try IDXArray(contentsOf: IDXFixtures.directory, magic: IDXArray.imagesMagic) }
        #expect(message.contains("is not a regular file"), "\(message)")
    }

    @Test func aCorruptGzipStreamIsAnError() throws {
        let message = errorMessage {
            _ = try IDXArray(contentsOf: IDXFixtures.url("corrupt-crc-images-idx3-ubyte.gz"), magic: IDXArray.imagesMagic)
        }
        #expect(message.contains("corrupt-crc-images-idx3-ubyte.gz is a corrupt gzip stream: incorrect data check"), "\(message)")
    }

    /// gzip's magic bytes, then a compression method that is not deflate (7, not 8), or a
    /// deflate block of the reserved type 3: zlib's reason, as is.
    @Test func aCorruptGzipHeaderOrBlockIsAnError() throws {
        let folder = try IDXFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let method = try IDXFixtures.write([0x1F, 0x8B, 7, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0, count: 20), "method.gz", in: folder)
        #expect(errorMessage { _ = try IDXArray(contentsOf: method, magic: IDXArray.imagesMagic) }
                    == "invalid file: \(method.path) is a corrupt gzip stream: unknown compression method")
        // First block byte 0b111: BFINAL 1, BTYPE 11 (reserved).
        let block = try IDXFixtures.write([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0b111] + [UInt8](repeating: 0, count: 20), "block.gz", in: folder)
        #expect(errorMessage { _ = try IDXArray(contentsOf: block, magic: IDXArray.imagesMagic) }
                    == "invalid file: \(block.path) is a corrupt gzip stream: invalid block type")
    }

    @Test func aTruncatedGzipStreamIsAnError() throws {
        let message = errorMessage {
            _ = try IDXArray(contentsOf: IDXFixtures.url("truncated-images-idx3-ubyte.gz"), magic: IDXArray.imagesMagic)
        }
        #expect(message.contains("truncated-images-idx3-ubyte.gz is truncated: its gzip stream ends early"), "\(message)")
        #expect(message.contains("unexpected end of file"), "\(message)")
    }

    /// Labels where images were expected, and a file that is not IDX at all.
    @Test func aWrongMagicIsNamed() throws {
        let labels = IDXFixtures.url("tiny-labels-idx1-ubyte.gz")
        let message = errorMessage { _ = try IDXArray(contentsOf: labels, magic: IDXArray.imagesMagic) }
        #expect(message == "invalid file: \(labels.path) has the magic number 0x00000801; "
                    + "expected 0x00000803 (IDX unsigned-byte images: count, rows, columns)")
        let folder = try IDXFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try IDXFixtures.write(Array("hello, world".utf8), "text", in: folder)
        let textMessage = errorMessage { _ = try IDXArray(contentsOf: text, magic: IDXArray.labelsMagic) }
        #expect(textMessage.contains("has the magic number 0x68656c6c; expected 0x00000801"), "\(textMessage)")
    }

    @Test func truncatedPlainFilesAreErrors() throws {
        let folder = try IDXFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let short = try IDXFixtures.write(IDXFixtures.idx(magic: 0x803, [2, 2, 3], Array(Self.tinyImages.prefix(11))), "short", in: folder)
        #expect(errorMessage { _ = try IDXArray(contentsOf: short, magic: IDXArray.imagesMagic) }
                    == "invalid file: \(short.path) is truncated: its header declares [2, 2, 3] (12 bytes of data), "
                    + "but the file has 11 bytes after the header")
        let header = try IDXFixtures.write([0, 0, 8, 3, 0, 0, 0, 2, 0, 0], "header", in: folder)
        #expect(errorMessage { _ = try IDXArray(contentsOf: header, magic: IDXArray.imagesMagic) }
                    == "invalid file: \(header.path) is truncated: its header ends after 10 bytes; 16 expected")
        let empty = try IDXFixtures.write([], "empty", in: folder)
        #expect(errorMessage { _ = try IDXArray(contentsOf: empty, magic: IDXArray.labelsMagic) }
                    == "invalid file: \(empty.path) is truncated: 0 bytes, too short for an IDX header")
        let long = try IDXFixtures.write(IDXFixtures.idx(magic: 0x801, [2], [1, 2, 3]), "long", in: folder)
        #expect(errorMessage { _ = try IDXArray(contentsOf: long, magic: IDXArray.labelsMagic) }
                    == "invalid file: \(long.path) has 1 bytes after the 2 its header [2] declares")
        let longGzip = IDXFixtures.url("long-labels-idx1-ubyte.gz")
        #expect(errorMessage { _ = try IDXArray(contentsOf: longGzip, magic: IDXArray.labelsMagic) }
                    == "invalid file: \(longGzip.path) holds more than the 2 bytes of data its header [2] declares")
        let zero = try IDXFixtures.write(IDXFixtures.idx(magic: 0x803, [0, 28, 28], []), "zero", in: folder)
        #expect(errorMessage { _ = try IDXArray(contentsOf: zero, magic: IDXArray.imagesMagic) }
                    == "invalid file: \(zero.path): dimension 0 is 0 in the header")
    }

    /// A gzip file whose header declares far more than deflate could inflate from its
    /// length, and one whose length allows the size but whose values would pass
    /// `MemoryLimit`: both refused before allocating. The gzip is built by hand: a header
    /// and a stored (uncompressed) deflate block of 65535 bytes, the 16-byte IDX header and
    /// zeros, long enough that zlib's read-ahead stays inside it; the rest of the file is
    /// zeros (sparse) that are never read.
    @Test func sizesAreCheckedBeforeAllocating() throws {
        let folder = try IDXFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func storedGzip(_ payload: [UInt8], length: UInt64, _ name: String) throws -> URL {
            let gzipHeader: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
            let count = UInt16.max
            // BFINAL 0, BTYPE 00 (stored), then LEN and its complement NLEN, little-endian.
            let block: [UInt8] = [0, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8(~count >> 8)]
            let url = try IDXFixtures.write(gzipHeader + block + payload, name, in: folder)
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: length)
            try handle.close()
            return url
        }
        let small = try storedGzip(IDXFixtures.idx(magic: 0x803, [1 << 20, 1 << 8, 1 << 8], []), length: 100_000, "small.gz")
        let message = errorMessage { _ = try IDXArray(contentsOf: small, magic: IDXArray.imagesMagic) }
        #expect(message == "invalid file: \(small.path) declares [1048576, 256, 256] (68719476736 bytes), more than a gzip "
                    + "file of 100000 bytes can hold (deflate inflates at most 1032:1): the file is corrupt or truncated")
        // 64 MiB · 1032 ≥ 2^36 bytes, whose 2^36 float32 values (256 GiB) pass the default limit.
        let large = try storedGzip(IDXFixtures.idx(magic: 0x803, [1 << 20, 1 << 8, 1 << 8], []), length: 64 << 20, "large.gz")
        let limitMessage = errorMessage { _ = try IDXArray(contentsOf: large, magic: IDXArray.imagesMagic) }
        #expect(limitMessage.hasPrefix("memory limit: the 68719476736 values of \(large.path) as float32 needs 274877906944 bytes"),
                "\(limitMessage)")
    }

    @Test func imagesAndLabelsMustAgree() throws {
        let folder = try IDXFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let labels = try IDXFixtures.write(IDXFixtures.idx(magic: 0x801, [3], [1, 2, 3]), "labels", in: folder)
        let images = IDXFixtures.url("tiny-images-idx3-ubyte.gz")
        #expect(errorMessage { _ = try ImageDataset(imagesFile: images, labelsFile: labels, classes: FashionMNIST.classes) }
                    == "invalid file: \(images.path) has 2 images but \(labels.path) has 3 labels")
        let outOfRange = try IDXFixtures.write(IDXFixtures.idx(magic: 0x801, [2], [3, 10]), "range", in: folder)
        #expect(errorMessage { _ = try ImageDataset(imagesFile: images, labelsFile: outOfRange, classes: FashionMNIST.classes) }
                    == "invalid file: \(outOfRange.path): label 10 at index 1 is out of range 0..<10")
        // The same checks for a dataset made in memory.
        let tensor = try Tensor(shape: [2, 1, 1, 1])
        #expect(errorMessage { _ = try ImageDataset(images: tensor, labels: [0], classes: ["a"]) }
                    == "invalid shape: 2 images but 1 labels")
        #expect(errorMessage { _ = try ImageDataset(images: tensor, labels: [0, -1], classes: ["a"]) }
                    == "invalid argument: label -1 of image 1 is out of range 0..<1")
    }
}
