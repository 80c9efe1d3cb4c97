import Strata

/// Turns a picture into a model input: `[N, C, H, W]` float32 in 0...1.
public enum ImageInput {
    /// `image` converted to `shape`'s channels (C = 1: gray as ITU-R BT.601 luma
    /// 0.299 R + 0.587 G + 0.114 B; C = 3: gray repeated), resized to H×W with bilinear
    /// interpolation (pixel centres aligned, as PyTorch's `align_corners=False` and
    /// Pillow), scaled from 0...255 to 0...1 and repeated over the batch. No mean/std
    /// normalization: a model that wants one should include it.
    public static func tensor(from image: Image, shape: Shape) throws -> Tensor {
        guard shape.rank == 4, shape[1] == 1 || shape[1] == 3 else {
            throw StrataError.invalidShape("model input of shape \(shape); an image can only become [N, 1 or 3, H, W]")
        }
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let gray = convert(image, channels: c)
        var values = [Float](repeating: 0, count: shape.elementCount)
        let sx = Float(image.width) / Float(w), sy = Float(image.height) / Float(h)
        for y in 0..<h {
            let (y0, y1, fy) = sample(Float(y), scale: sy, size: image.height)
            for x in 0..<w {
                let (x0, x1, fx) = sample(Float(x), scale: sx, size: image.width)
                for channel in 0..<c {
                    func at(_ py: Int, _ px: Int) -> Float { Float(gray[(py * image.width + px) * c + channel]) }
                    let top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * fx
                    let bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * fx
                    values[(channel * h + y) * w + x] = (top + (bottom - top) * fy) / 255
                }
            }
        }
        let one = c * h * w
        for batch in 1..<max(n, 1) { values.replaceSubrange((batch * one)..<((batch + 1) * one), with: values[0..<one]) }
        return try Tensor(shape: shape.dimensions, values: values)
    }

    /// Source pixels and weight for destination index `i`: centre `(i + 0.5) * scale - 0.5`,
    /// clamped to the image.
    private static func sample(_ i: Float, scale: Float, size: Int) -> (Int, Int, Float) {
        let position = max(0, min(Float(size - 1), (i + 0.5) * scale - 0.5))
        let low = Int(position.rounded(.down))
        return (low, min(low + 1, size - 1), position - Float(low))
    }

    /// The pixels with `channels` channels per pixel.
    private static func convert(_ image: Image, channels: Int) -> [UInt8] {
        if image.channels == channels { return image.pixels }
        let count = image.width * image.height
        if channels == 3 { return (0..<count * 3).map { image.pixels[$0 / 3] } }
        return (0..<count).map { i in
            let (r, g, b) = (Float(image.pixels[3 * i]), Float(image.pixels[3 * i + 1]), Float(image.pixels[3 * i + 2]))
            return UInt8(max(0, min(255, (0.299 * r + 0.587 * g + 0.114 * b).rounded())))
        }
    }
}
