import Foundation
import Strata
import StrataVision
import Testing

/// JPEG through libjpeg-turbo. The files and their expected pixels come from
/// Scripts/make-image-cases: written by tjCompress2 from known pixels, decoded by libjpeg-turbo
/// called from Python (ctypes), not through the Swift code under test.
@Suite struct JPEGTests {
    /// The expected [H, W, C] levels as a flat array.
    static func levels(_ name: String) throws -> [UInt8] {
        try ImageFixtures.npy(name).scalars.map { UInt8($0) }
    }

    @Test func decodesAsLibjpegDoes() throws {
        let solid = try JPEG.read(contentsOf: ImageFixtures.url("solid.jpg"))
        #expect(solid.width == 16 && solid.height == 16 && solid.channels == 3)
        #expect(solid.pixels == (try Self.levels("solid.decoded.npy")))
        // A solid colour survives JPEG exactly: every pixel is the (200, 100, 50) it was written with.
        #expect(stride(from: 0, to: solid.pixels.count, by: 3).allSatisfy { Array(solid.pixels[$0..<($0 + 3)]) == [200, 100, 50] })

        let gradient = try JPEG.decode(ImageFixtures.bytes("gradient.jpg"))
        #expect(gradient.width == 16 && gradient.height == 8 && gradient.channels == 3)
        #expect(gradient.pixels == (try Self.levels("gradient.decoded.npy")))
        // Written as R = 16 x, G = 32 y, B = 128 at quality 100, 4:4:4: within 3 levels of it
        // (DCT rounding and the YCbCr round trip; libjpeg's own decoding is 2 levels off at most).
        for y in 0..<8 {
            for x in 0..<16 {
                let source = [16 * x, 32 * y, 128]
                for c in 0..<3 { #expect(abs(Int(gradient.pixels[(y * 16 + x) * 3 + c]) - source[c]) <= 3) }
            }
        }
    }

    @Test func grayStaysGrayUnlessAskedForRGB() throws {
        let bytes = try ImageFixtures.bytes("gray.jpg")
        let gray = try JPEG.decode(bytes)
        #expect(gray.channels == 1 && gray.width == 8 && gray.height == 8)
        #expect(gray.pixels == (try Self.levels("gray.decoded.npy")))
        let rgb = try JPEG.decode(bytes, channels: 3)
        #expect(rgb.channels == 3 && rgb.pixels == gray.pixels.flatMap { [$0, $0, $0] })
        // Colour to gray: BT.601 luma of libjpeg's RGB, 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2 → 124.
        let solidGray = try JPEG.decode(ImageFixtures.bytes("solid.jpg"), channels: 1)
        #expect(solidGray.channels == 1 && solidGray.pixels.allSatisfy { $0 == 124 })
    }

    @Test func refusesCMYKAndDamagedFiles() throws {
        expectError(mentioning: ["cmyk.jpg", "CMYK JPEG", "expected RGB or grayscale"]) {
            _ = try JPEG.read(contentsOf: ImageFixtures.url("cmyk.jpg"))
        }
        expectError(mentioning: ["0 bytes", "expected a JPEG"]) { _ = try JPEG.decode([]) }
        expectError(mentioning: ["is not a JPEG", "libjpeg says"]) { _ = try JPEG.decode(Array("not a jpeg at all".utf8)) }
        let bytes = try ImageFixtures.bytes("gradient.jpg")
        // Every truncation fails (libjpeg's "Premature end of JPEG file" is a warning, made an
        // error; a header cut short can pass libjpeg's header check with a 0x0 size).
        for length in 1..<bytes.count {
            let error = #expect(throws: StrataError.self) { _ = try JPEG.decode(Array(bytes.prefix(length))) }
            let text = error?.description ?? ""
            #expect(text.contains("JPEG data") && (text.contains("libjpeg says") || text.contains("truncated")), "\(text)")
        }
        expectError(mentioning: ["no such file", "missing.jpg"]) { _ = try JPEG.read(contentsOf: ImageFixtures.url("missing.jpg")) }
    }

    @Test func hugeSizesAreRefusedBeforeAllocating() throws {
        // The SOF0 marker (FF C0, length, precision) is followed by height and width, big-endian:
        // 0x5000 = 20480 a side (libjpeg allows up to 65500) is 2^28.6 pixels, 1.2 GB as RGB.
        var bytes = try ImageFixtures.bytes("gradient.jpg")
        let sof = try #require((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        for (offset, value) in zip([sof + 5, sof + 6, sof + 7, sof + 8], [UInt8(0x50), 0, 0x50, 0]) { bytes[offset] = value }
        expectError(mentioning: ["20480x20480", "2^28 pixels"]) { _ = try JPEG.decode(bytes) }
    }
}
