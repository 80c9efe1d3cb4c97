import CTurboJPEG
import Foundation
import Strata

/// JPEG files through libjpeg-turbo's TurboJPEG API (`tjDecompressHeader3`, `tjDecompress2`).
///
/// ```swift
/// let photo = try JPEG.read(contentsOf: URL(filePath: "cat.jpg"))     // gray or RGB
/// ```
///
/// Decoding uses libjpeg's defaults (the accurate integer DCT and smooth chroma
/// upsampling: what `djpeg` and Pillow produce). Gray JPEGs stay gray unless `channels: 3`
/// asks for RGB; colour JPEGs become RGB, or BT.601 luma with `channels: 1`. CMYK and YCCK
/// JPEGs are refused: TurboJPEG cannot turn them into RGB, and a naive conversion would be
/// wrong for Adobe's inverted CMYK. The size in the header is checked before any pixel
/// memory is allocated; a damaged or truncated file (libjpeg's warnings, such as "Premature
/// end of JPEG file", count as errors) is a `StrataError.invalidFile(_:)` naming the file
/// and libjpeg's message.
public enum JPEG {
    /// The image in a JPEG file's bytes, as 8-bit gray or RGB.
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - channels: 1 or 3 to force gray or RGB; `nil` keeps gray files gray.
    /// - Throws: `StrataError.invalidFile(_:)` for bytes libjpeg cannot decode, a CMYK
    ///   JPEG or more than 2^28 pixels; `StrataError.invalidArgument(_:)` for other `channels`.
    public static func decode(_ bytes: [UInt8], channels: Int? = nil) throws -> Image {
        try decode(bytes, channels: channels, origin: "JPEG data")
    }

    /// The image in the JPEG file at `url`; see ``decode(_:channels:)``.
    /// - Throws: as ``decode(_:channels:)``, naming the file; "no such file" when it is missing.
    public static func read(contentsOf url: URL, channels: Int? = nil) throws -> Image {
        let bytes = try BinaryFile.read(url, expecting: "a JPEG file")
        return try decode(bytes, channels: channels, origin: "JPEG file \(BinaryFile.path(url))")
    }

    static func decode(_ bytes: [UInt8], channels: Int?, origin: String) throws -> Image {
        if let channels, channels != 1 && channels != 3 {
            throw StrataError.invalidArgument("\(channels) channels asked of a JPEG; expected 1 (gray) or 3 (RGB)")
        }
        guard !bytes.isEmpty else { throw StrataError.invalidFile("\(origin): 0 bytes; expected a JPEG file") }
        guard let handle = tjInitDecompress() else {
            throw StrataError.invalidFile("\(origin): libjpeg-turbo could not start a decompressor")
        }
        defer { tjDestroy(handle) }
        // TurboJPEG takes `unsigned long` sizes; an [UInt8] never exceeds it on 64-bit Linux.
        let size = UInt(bytes.count)
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let header = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, size, &width, &height, &subsampling, &colorspace)
        }
        guard header == 0 else { throw failure(handle, origin, "is not a JPEG libjpeg can read") }
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            throw StrataError.invalidFile(
                "\(origin) is a CMYK JPEG; expected RGB or grayscale (convert it first, e.g. `magick in.jpg -colorspace sRGB out.jpg`)")
        }
        let w = Int(width), h = Int(height)
        // A file cut inside its header can still pass tjDecompressHeader3, with no size.
        guard w >= 1, h >= 1 else {
            throw StrataError.invalidFile("\(origin) has an incomplete JPEG header (a \(w)x\(h) image): the file is truncated")
        }
        // JPEG allows 65535 a side; refuse what would not fit in memory sensibly, as PNG does.
        guard w <= 1 << 16, h <= 1 << 16, w * h <= 1 << 28 else {
            throw StrataError.invalidFile("\(origin): \(w)x\(h) pixels; expected 1 to 65536 a side and at most 2^28 pixels")
        }
        let isGray = colorspace == Int32(TJCS_GRAY.rawValue)
        let count = channels ?? (isGray ? 1 : 3)
        // Decode as the file is (gray or RGB), then convert: libjpeg's own RGB→gray uses
        // the same BT.601 weights but other rounding, and Image's rule is the one documented.
        let decodedChannels = isGray ? 1 : 3
        let format = isGray ? TJPF_GRAY : TJPF_RGB
        var pixels = [UInt8](repeating: 0, count: w * h * decodedChannels)
        let decoded = bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                // Pitch w * channels: rows packed. STOPONWARNING: a truncated or corrupt
                // file fails instead of decoding to gray filler.
                tjDecompress2(handle, source.baseAddress, size, target.baseAddress, width,
                              Int32(w * decodedChannels), height, Int32(format.rawValue), TJFLAG_STOPONWARNING)
            }
        }
        guard decoded == 0 else { throw failure(handle, origin, "could not be decoded") }
        return try Image(width: w, height: h, channels: decodedChannels, pixels: pixels).converted(toChannels: count)
    }

    /// libjpeg's message for the last failure on `handle`, as an error.
    private static func failure(_ handle: tjhandle, _ origin: String, _ what: String) -> StrataError {
        let message = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "no message"
        return .invalidFile("\(origin) \(what): libjpeg says \"\(message)\"")
    }
}
