import CPNG
import Foundation
import Strata

/// PNG files through libpng's simplified API (`png_image_*`, libpng >= 1.6).
///
/// ```swift
/// let photo = try PNG.read(contentsOf: URL(filePath: "cat.png"))      // gray or RGB
/// try PNG.write(photo, to: URL(filePath: "copy.png"))
/// ```
///
/// Reading accepts anything libpng reads (palette, 16-bit, alpha, interlaced, gray) and
/// converts it to 8-bit gray (for gray files) or 8-bit RGB (everything else), the way
/// Pillow's `Image.convert("RGB")` and torchvision's `read_image(path, ImageReadMode.RGB)` do:
///
/// - A 16-bit sample `v` becomes `round(v * 255 / 65535)` (Pillow's and OpenCV's reduction),
///   with no gamma step. libpng's simplified API would otherwise take a 16-bit file without
///   a `gAMA` or `sRGB` chunk for linear light and gamma-encode it (`PNG_IMAGE_FLAG_16BIT_sRGB`
///   in `png.h` turns that off). A file (8- or 16-bit) whose `gAMA` chunk names a gamma
///   other than sRGB's is still converted to sRGB by libpng, which Pillow does not do.
/// - Alpha (an alpha channel or a `tRNS` transparent colour) is dropped, not composited:
///   each pixel keeps its stored colour, even where it is fully transparent, as Pillow's
///   `convert("RGB")` does for RGBA, LA and transparent palette images. libpng is asked for
///   8-bit output with alpha, which the simplified API leaves unpremultiplied (`png.h`,
///   `PNG_FORMAT_FLAG_ALPHA`: only linear formats are premultiplied), and the alpha bytes
///   are then left out.
///
/// Errors are reported by libpng in the `png_image` struct, so unlike the classic API
/// nothing longjmps through Swift frames; each one becomes a `StrataError.invalidFile(_:)`
/// with libpng's message.
public enum PNG {
    // PNG_FORMAT_GRAY and PNG_FORMAT_RGB (= PNG_FORMAT_FLAG_COLOR): Swift does not import
    // macros defined as other macros.
    private static let grayFormat: UInt32 = 0
    private static let rgbFormat = UInt32(PNG_FORMAT_FLAG_COLOR)
    private static let alphaFlag = UInt32(PNG_FORMAT_FLAG_ALPHA)
    private static let sixteenBitSRGB = UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)

    /// The image in a PNG file's bytes, as 8-bit gray or RGB; 16-bit samples are rounded to
    /// 8 bits and alpha is dropped (see ``PNG``).
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - channels: 1 or 3 to force gray or RGB; `nil` keeps gray files gray.
    public static func decode(_ bytes: [UInt8], channels: Int? = nil) throws -> Image {
        try decode(bytes, channels: channels, origin: "PNG data")
    }

    static func decode(_ bytes: [UInt8], channels: Int?, origin: String) throws -> Image {
        if let channels, channels != 1 && channels != 3 {
            throw StrataError.invalidArgument("\(channels) channels asked of a PNG; expected 1 (gray) or 3 (RGB)")
        }
        guard !bytes.isEmpty else { throw StrataError.invalidFile("\(origin): 0 bytes; expected a PNG file") }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw failure(image, origin, "is not a PNG libpng can read") }

        let isColor = image.format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0
        let hasAlpha = image.format & alphaFlag != 0
        let count = channels ?? (isColor ? 3 : 1)
        // With alpha, ask for gray+alpha or RGBA (8-bit, so not premultiplied) and drop the
        // alpha below; asking for gray or RGB would composite onto black.
        image.format = (count == 3 ? rgbFormat : grayFormat) | (hasAlpha ? alphaFlag : 0)
        // 16-bit samples without gamma information are sRGB-encoded like 8-bit ones: reduce
        // them to 8 bits by rounding, with no gamma step.
        image.flags |= sixteenBitSRGB
        let width = Int(image.width), height = Int(image.height)
        // PNG allows 2^31-1 pixels a side; refuse what would not fit in memory sensibly.
        guard width <= 1 << 16, height <= 1 << 16, width * height <= 1 << 28 else {
            throw StrataError.invalidFile("\(origin): \(width)x\(height) pixels; expected at most 65536 a side and 2^28 pixels")
        }
        let stored = count + (hasAlpha ? 1 : 0)
        var pixels = [UInt8](repeating: 0, count: width * height * stored)
        let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0 else { throw failure(image, origin, "could not be decoded") }
        if hasAlpha {
            // Keep the first `count` bytes of every `stored`-byte pixel (alpha comes last).
            var kept = [UInt8](repeating: 0, count: width * height * count)
            kept.withUnsafeMutableBufferPointer { out in
                pixels.withUnsafeBufferPointer { all in
                    for pixel in 0..<(width * height) {
                        for channel in 0..<count { out[pixel * count + channel] = all[pixel * stored + channel] }
                    }
                }
            }
            pixels = kept
        }
        return try Image(width: width, height: height, channels: count, pixels: pixels)
    }

    /// The bytes of an 8-bit PNG file holding `image` (gray or RGB, no interlacing).
    public static func encode(_ image: Image) throws -> [UInt8] {
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        png.width = UInt32(image.width)
        png.height = UInt32(image.height)
        png.format = image.channels == 3 ? rgbFormat : grayFormat
        defer { png_image_free(&png) }
        let stride = Int32(image.width * image.channels)
        // First call: no buffer, libpng reports the size needed; second call writes.
        var size = 0
        let sized = image.pixels.withUnsafeBytes { png_image_write_to_memory(&png, nil, &size, 0, $0.baseAddress, stride, nil) }
        guard sized != 0 else { throw failure(png, "PNG encoder", "failed to size the output") }
        var bytes = [UInt8](repeating: 0, count: size)
        let written = bytes.withUnsafeMutableBytes { out in
            image.pixels.withUnsafeBytes { png_image_write_to_memory(&png, out.baseAddress, &size, 0, $0.baseAddress, stride, nil) }
        }
        guard written != 0 else { throw failure(png, "PNG encoder", "failed") }
        return Array(bytes.prefix(size))
    }

    /// The image in the PNG file at `url`; see ``decode(_:channels:)``.
    public static func read(contentsOf url: URL, channels: Int? = nil) throws -> Image {
        let bytes = try BinaryFile.read(url, expecting: "a PNG file")
        return try decode(bytes, channels: channels, origin: "PNG file \(BinaryFile.path(url))")
    }

    /// Writes `image` to `url` as PNG; an existing file is replaced only if `overwrite`.
    public static func write(_ image: Image, to url: URL, overwrite: Bool = false) throws {
        try BinaryFile.write(encode(image), to: url, overwrite: overwrite)
    }

    /// libpng's message (a NUL-terminated char[64] inside the struct) as an error.
    private static func failure(_ image: png_image, _ origin: String, _ what: String) -> StrataError {
        var copy = image.message
        let message = withUnsafeBytes(of: &copy) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return .invalidFile("\(origin) \(what): libpng says \"\(message)\"")
    }
}
