import Strata

extension Image {
    /// The image with `channels` channels per pixel: gray repeated into R, G and B, or RGB
    /// reduced to ITU-R BT.601 luma `0.299 R + 0.587 G + 0.114 B` rounded to the nearest
    /// level (what Pillow's `convert("L")` computes, up to its fixed-point rounding).
    /// - Parameter target: 1 or 3.
    /// - Throws: `StrataError.invalidArgument(_:)` for another channel count.
    public func converted(toChannels target: Int) throws -> Image {
        guard target == 1 || target == 3 else {
            throw StrataError.invalidArgument("\(target) channels asked of an image; expected 1 (gray) or 3 (RGB)")
        }
        if channels == target { return self }
        let count = width * height
        if target == 3 {
            return try Image(width: width, height: height, channels: 3, pixels: (0..<count * 3).map { pixels[$0 / 3] })
        }
        let gray = (0..<count).map { i in
            let (r, g, b) = (Float(pixels[3 * i]), Float(pixels[3 * i + 1]), Float(pixels[3 * i + 2]))
            return UInt8(max(0, min(255, (0.299 * r + 0.587 * g + 0.114 * b).rounded())))
        }
        return try Image(width: width, height: height, channels: 1, pixels: gray)
    }
}
