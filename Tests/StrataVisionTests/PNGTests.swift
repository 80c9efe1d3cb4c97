import Foundation
import Strata
import StrataVision
import Testing

/// PNG through libpng. Input files are written by Python's zlib and struct (code in the
/// comments), not by the encoder under test.
@Suite struct PNGTests {
    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    // def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    // def png(w, h, depth, ctype, rows):
    //     raw = b''.join(b'\x00' + r for r in rows)
    //     return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, 0))
    //             + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
    // png(3, 2, 8, 0, [bytes([0, 128, 255]), bytes([10, 20, 30])])      8-bit gray
    static let gray = bytes("89504e470d0a1a0a0000000d4948445200000003000000020800000000b81f39c60000001049444154789c636068f8cfc025220700086701bc9c6735a00000000049454e44ae426082")
    // png(2, 1, 16, 2, [struct.pack('>6H', 65535, 0, 0, 0, 32896, 65535)])   16-bit RGB
    static let rgb16 = bytes("89504e470d0a1a0a0000000d49484452000000020000000110020000002bd0349e0000001249444154789c63f8ff9f010c1a1afeff07001d7304fd1eb0d0890000000049454e44ae426082")

    @Test func readsGrayAndSixteenBitFiles() throws {
        let gray = try PNG.decode(Self.gray)
        #expect(gray.width == 3 && gray.height == 2 && gray.channels == 1)
        #expect(gray.pixels == [0, 128, 255, 10, 20, 30])
        let asRGB = try PNG.decode(Self.gray, channels: 3)
        #expect(asRGB.channels == 3 && Array(asRGB.pixels.prefix(6)) == [0, 0, 0, 128, 128, 128])

        let color = try PNG.decode(Self.rgb16)
        #expect(color.width == 2 && color.height == 1 && color.channels == 3)
        #expect(color.pixels[0] == 255 && color.pixels[1] == 0 && color.pixels[2] == 0)
        #expect(color.pixels[3] == 0 && color.pixels[5] == 255)
    }

    @Test func roundTrips() throws {
        let pixels = (0..<(5 * 4 * 3)).map { UInt8(truncatingIfNeeded: $0 * 37) }
        let image = try Image(width: 5, height: 4, channels: 3, pixels: pixels)
        #expect(try PNG.decode(PNG.encode(image)) == image)
        let gray = try Image(width: 3, height: 2, channels: 1, pixels: [0, 128, 255, 10, 20, 30])
        #expect(try PNG.decode(PNG.encode(gray)) == gray)

        let directory = FileManager.default.temporaryDirectory.appending(path: "png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "x.png")
        try PNG.write(image, to: url)
        #expect(try PNG.read(contentsOf: url) == image)
        expectError(mentioning: ["already exists"]) { try PNG.write(image, to: url) }
    }

    @Test func damagedFilesAreErrors() {
        expectError(mentioning: ["0 bytes", "expected a PNG"]) { _ = try PNG.decode([]) }
        expectError(mentioning: ["is not a PNG", "libpng says"]) { _ = try PNG.decode(Array("not a png at all".utf8)) }
        // Up to the end of the image data; libpng accepts a file that only lacks IEND.
        for length in 1..<(Self.gray.count - 12) {
            expectError(mentioning: ["PNG data", "libpng says"]) { _ = try PNG.decode(Array(Self.gray.prefix(length))) }
        }
        var badCRC = Self.gray
        badCRC[40] ^= 0xff
        expectError(mentioning: ["libpng says"]) { _ = try PNG.decode(badCRC) }
    }

    @Test func imageChecksItsSizes() {
        expectError(mentioning: ["2 channels", "expected 1 (gray) or 3 (RGB)"]) {
            _ = try Image(width: 1, height: 1, channels: 2, pixels: [0, 0])
        }
        expectError(mentioning: ["5 bytes", "2x1", "expected 6"]) {
            _ = try Image(width: 2, height: 1, channels: 3, pixels: [0, 0, 0, 0, 0])
        }
    }
}

/// Expects a `StrataError` whose description contains every fragment.
func expectError(mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    let error = #expect(throws: StrataError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    for fragment in fragments {
        #expect(error.description.contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
    }
}
