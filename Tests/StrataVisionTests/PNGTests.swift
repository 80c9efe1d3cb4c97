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

    // 16-bit samples reduce to round(v * 255 / 65535) = round(v / 257), no gamma (Pillow, OpenCV):
    // 0 -> 0, 32896 = 128 * 257 -> 128, 65535 -> 255, 1000 -> 3.89 -> 4, 127 -> 0.49 -> 0,
    // 129 -> 0.50 -> 1, 65407 -> 254.50 -> 255, 12345 -> 48.03 -> 48.
    // png(8, 1, 16, 0, [struct.pack('>8H', 0, 32896, 65535, 1000, 127, 129, 65407, 12345)])
    static let gray16 = bytes("89504e470d0a1a0a0000000d494844520000000800000001100000000096fb6cdc0000001949444154789c6360606868f8ff9ff905433d43e3ff7a034b0038d006d1e5ff9c300000000049454e44ae426082")
    // png(3, 1, 8, 6, [bytes([128, 128, 128, 128,  10, 20, 30, 0,  200, 100, 50, 255])])   8-bit RGBA
    static let rgba8 = bytes("89504e470d0a1a0a0000000d49484452000000030000000108060000001be014b40000001349444154789c636800022e113986132946ff011c4c049a1051a3a90000000049454e44ae426082")
    // png(2, 1, 16, 6, [struct.pack('>8H', 32896, 1000, 65535, 32768,  12345, 0, 129, 0)])   16-bit RGBA
    static let rgba16 = bytes("89504e470d0a1a0a0000000d4948445200000002000000011006000000a4b2a3c90000001949444154789c636868607ef1ff7f03838125030343230303003bfe0554a47fe3400000000049454e44ae426082")
    // png(2, 1, 8, 4, [bytes([128, 128,  77, 0])])                                 8-bit gray + alpha
    static let grayAlpha8 = bytes("89504e470d0a1a0a0000000d49484452000000020000000108040000005e2bb7010000000d49444154789c636868f0650000041f014e11eae04b0000000049454e44ae426082")
    // png(2, 1, 16, 4, [struct.pack('>4H', 32896, 1,  65535, 0)])                 16-bit gray + alpha
    static let grayAlpha16 = bytes("89504e470d0a1a0a0000000d49484452000000020000000110040000000ebb6b420000001149444154789c6368686060fcff9f8101000e8703005173cf0d0000000049454e44ae426082")

    @Test func sixteenBitSamplesAreRoundedWithoutGamma() throws {
        let gray = try PNG.decode(Self.gray16)
        #expect(gray.width == 8 && gray.height == 1 && gray.channels == 1)
        #expect(gray.pixels == [0, 128, 255, 4, 0, 1, 255, 48])
        // (65535, 0, 0), (0, 32896, 65535)
        #expect(try PNG.decode(Self.rgb16).pixels == [255, 0, 0, 0, 128, 255])
        #expect(try PNG.decode(Self.gray16, channels: 3).pixels.prefix(9) == [0, 0, 0, 128, 128, 128, 255, 255, 255])
    }

    @Test func alphaIsDroppedNotComposited() throws {
        // Pillow's convert('RGB') keeps each pixel's stored colour, whatever its alpha.
        let rgba = try PNG.decode(Self.rgba8)
        #expect(rgba.width == 3 && rgba.height == 1 && rgba.channels == 3)
        #expect(rgba.pixels == [128, 128, 128, 10, 20, 30, 200, 100, 50])
        // 32896 -> 128, 1000 -> 4, 65535 -> 255; 12345 -> 48, 0 -> 0, 129 -> 1 (alpha 32768, 0).
        let rgba16 = try PNG.decode(Self.rgba16)
        #expect(rgba16.channels == 3 && rgba16.pixels == [128, 4, 255, 48, 0, 1])

        let grayAlpha = try PNG.decode(Self.grayAlpha8)
        #expect(grayAlpha.channels == 1 && grayAlpha.pixels == [128, 77])
        #expect(try PNG.decode(Self.grayAlpha8, channels: 3).pixels == [128, 128, 128, 77, 77, 77])
        let grayAlpha16 = try PNG.decode(Self.grayAlpha16)
        #expect(grayAlpha16.channels == 1 && grayAlpha16.pixels == [128, 255])
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
