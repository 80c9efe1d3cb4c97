import Strata

extension Image {
    /// The picture a model input shows: item 0 of a `[N, 1, H, W]` (gray) or `[N, 3, H, W]`
    /// (RGB) tensor, its values mapped linearly from their minimum...maximum to 0...255 (a
    /// constant tensor is mid-gray). Works whatever the input's scaling (0...1, 0...255,
    /// mean/std normalized), since figures only need to show where things are.
    /// - Throws: `StrataError.invalidShape(_:)` for other shapes.
    public init(showing input: Tensor) throws {
        let d = input.shape.dimensions
        guard d.count == 4, d[0] >= 1, d[1] == 1 || d[1] == 3, d[2] >= 1, d[3] >= 1 else {
            throw StrataError.invalidShape("input of shape \(input.shape); expected [N, 1 or 3, H, W] to show as a picture")
        }
        let (c, h, w) = (d[1], d[2], d[3])
        let values = input.scalars.prefix(c * h * w).map { $0.isFinite ? $0 : 0 }
        let low = values.min()!, high = values.max()!
        let scale: Float = high > low ? 255 / (high - low) : 0
        var pixels = [UInt8](repeating: 128, count: h * w * c)
        for channel in 0..<c {
            for i in 0..<(h * w) where scale > 0 {
                pixels[i * c + channel] = UInt8(max(0, min(255, ((values[channel * h * w + i] - low) * scale).rounded())))
            }
        }
        try self.init(width: w, height: h, channels: c, pixels: pixels)
    }
}
