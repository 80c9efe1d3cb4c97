import Strata

/// An 8-bit image in memory: rows top to bottom, pixels left to right, channels
/// interleaved (`gray` or `r g b`). The format PNG files are read into and written from.
public struct Image: Sendable, Equatable {
    /// Pixels per row (>= 1).
    public let width: Int
    /// Rows (>= 1).
    public let height: Int
    /// 1 (gray) or 3 (RGB).
    public let channels: Int
    /// `height * width * channels` bytes: `pixels[(y * width + x) * channels + c]`.
    public var pixels: [UInt8]

    /// Checks that the sizes are positive, `channels` is 1 or 3 and `pixels` has exactly
    /// `width * height * channels` bytes.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws {
        guard width >= 1, height >= 1 else {
            throw StrataError.invalidArgument("image of \(width)x\(height) pixels; expected width and height >= 1")
        }
        guard channels == 1 || channels == 3 else {
            throw StrataError.invalidArgument("image with \(channels) channels; expected 1 (gray) or 3 (RGB)")
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, count <= Int.max / 3, pixels.count == count * channels else {
            throw StrataError.invalidArgument(
                "\(pixels.count) bytes for a \(width)x\(height) image with \(channels) channels; expected \(overflow ? "more than Int.max" : String(count * channels))")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image filled with one gray level or colour.
    public init(width: Int, height: Int, channels: Int, repeating value: UInt8 = 0) throws {
        try self.init(width: width, height: height, channels: channels,
                      pixels: [UInt8](repeating: value, count: max(0, width) * max(0, height) * max(0, channels)))
    }
}
