import Strata

/// Pictures of feature maps: every channel of a `[1, C, H, W]` map tiled in a grid and
/// coloured with ``Viridis``, or the map's first three principal components as RGB: raw
/// pictures, one pixel per activation, with no text. `strata maps` draws the readable
/// figures of ``FeatureMapFigure`` (titled, enlarged, labelled, with a colour bar) instead.
public enum FeatureMapImage {
    /// Colour of the 1-pixel lines between tiles and of unused tiles.
    public static let separator: UInt8 = 255

    /// The channels of `map` in a near-square grid (`ceil(sqrt(C))` columns), row by row,
    /// with a 1-pixel white line between tiles. Each channel is scaled to its own
    /// min...max (a constant channel gets the middle colour), so weak and strong channels
    /// are equally readable; compare values across channels with the numbers, not colours.
    /// `[1, C]` maps (after a flatten or a linear layer) are drawn as C tiles of 1x1.
    public static func grid(_ map: Tensor) throws -> Image {
        let (c, h, w) = try channelsHeightWidth(map)
        let columns = Int(Double(c).squareRoot().rounded(.up))
        let rows = (c + columns - 1) / columns
        let width = columns * w + columns - 1, height = rows * h + rows - 1
        var pixels = [UInt8](repeating: separator, count: width * height * 3)
        let values = map.scalars
        for channel in 0..<c {
            let plane = values[(channel * h * w)..<((channel + 1) * h * w)]
            let (low, high) = (plane.min()!, plane.max()!)
            let scale: Float = high > low ? 1 / (high - low) : 0
            let x0 = (channel % columns) * (w + 1), y0 = (channel / columns) * (h + 1)
            for y in 0..<h {
                for x in 0..<w {
                    let value = plane[plane.startIndex + y * w + x]
                    let t: Float = scale == 0 ? 0.5 : (value.isFinite ? (value - low) * scale : 0)
                    let (r, g, b) = Viridis.color(t)
                    let offset = ((y0 + y) * width + x0 + x) * 3
                    pixels[offset] = r
                    pixels[offset + 1] = g
                    pixels[offset + 2] = b
                }
            }
        }
        return try Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// The first three principal components of the channels (`ChannelPCA`) as red,
    /// green and blue, each scaled to its own min...max over the picture (a constant
    /// component, as when C < 3, is 128).
    public static func pca(_ map: Tensor) throws -> Image {
        let (c, h, w) = try channelsHeightWidth(map)
        let projected = try ChannelPCA.project(map.reshaped([1, c, h, w]), components: 3)
        let values = projected.scalars
        var pixels = [UInt8](repeating: 0, count: h * w * 3)
        for component in 0..<3 {
            let plane = values[(component * h * w)..<((component + 1) * h * w)]
            let (low, high) = (plane.min()!, plane.max()!)
            let scale: Float = high > low ? 255 / (high - low) : 0
            for i in 0..<(h * w) {
                let level = scale == 0 ? 128 : (plane[plane.startIndex + i] - low) * scale
                pixels[i * 3 + component] = UInt8(max(0, min(255, level.rounded())))
            }
        }
        return try Image(width: w, height: h, channels: 3, pixels: pixels)
    }

    static func channelsHeightWidth(_ map: Tensor) throws -> (Int, Int, Int) {
        let d = map.shape.dimensions
        switch d.count {
        case 4 where d[0] == 1 && d[1] >= 1 && d[2] >= 1 && d[3] >= 1: return (d[1], d[2], d[3])
        case 2 where d[0] == 1 && d[1] >= 1: return (d[1], 1, 1)
        default:
            throw StrataError.invalidShape("feature map of shape \(map.shape); expected [1, C, H, W] or [1, C] (batch 1, no empty axis)")
        }
    }
}
