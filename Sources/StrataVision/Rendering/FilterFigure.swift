import Foundation
import Strata

/// A picture of a convolution's filters, typically the first layer's after training: one
/// tile per output channel, labelled by its index, enlarged nearest-neighbour so each side
/// is at least 48 px (a 3x3 kernel becomes 48x48), laid out as a feature-map figure
/// (`FeatureMapLayout`).
///
/// - One input channel (`[OC, 1, KH, KW]`, a grayscale network): viridis on one scale
///   shared by every filter and symmetric around zero, `−m…m` with `m` the largest
///   |weight|, so zero is the middle colour in every tile and the colour bar reads it.
/// - Three input channels (`[OC, 3, KH, KW]`, an RGB network): each filter as an RGB
///   picture, its three channels scaled together from the filter's own minimum (black) to
///   its maximum (white): torchvision's `make_grid(normalize=True, scale_each=True)`. A
///   constant filter is mid-grey.
///
/// Non-finite weights are drawn red.
public enum FilterFigure {
    /// The figure of `weight`, `[OC, IC, KH, KW]` (PyTorch's and ONNX's Conv layout) with
    /// IC 1 or 3.
    /// - Parameters:
    ///   - weight: the convolution's weights.
    ///   - title: the headline, such as `"conv1 filters · seednet, epoch 5"`.
    ///   - minimumTileSide: tiles are enlarged by a whole factor to at least this many pixels.
    /// - Throws: `StrataError.invalidShape` for another rank, an empty axis or IC other than
    ///   1 and 3; `StrataError.invalidArgument` for a figure above 25 M pixels.
    public static func render(_ weight: Tensor, title: String, minimumTileSide: Int = 48) throws -> Image {
        let d = weight.shape.dimensions
        guard d.count == 4, d.allSatisfy({ $0 >= 1 }), d[1] == 1 || d[1] == 3 else {
            throw StrataError.invalidShape(
                "filters of shape \(weight.shape); expected [OC, IC, KH, KW] with IC 1 (grayscale) or 3 (RGB) and no empty axis")
        }
        let (filters, inputs, kh, kw) = (d[0], d[1], d[2], d[3])
        let layout = try FeatureMapLayout(tiles: filters, mapHeight: kh, mapWidth: kw, minimumTileSide: minimumTileSide,
                                          maximumTileSide: max(512, minimumTileSide))
        let canvas = try Canvas(width: layout.width, height: layout.height)
        let values = weight.scalars, plane = kh * kw, perFilter = inputs * plane
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0

        let detail = "weight \(weight.shape) · \(filters) filters of \(kh)x\(kw), enlarged to \(layout.tileWidth)x\(layout.tileHeight)"
        let scale = inputs == 1 ? "one colour scale for every filter, 0 in the middle"
            : "RGB: each filter scaled from its own minimum (black) to its maximum (white)"
        FigureTitle.draw(on: canvas, headline: title, lines: [detail, scale])

        for filter in 0..<filters {
            let origin = layout.tileOrigin(filter)
            let slice = values[(filter * perFilter)..<((filter + 1) * perFilter)]
            let rgb = inputs == 1
                ? viridis(slice, bound: largest)
                : normalizedRGB(slice, plane: plane)
            canvas.blit(enlarge(rgb, height: kh, width: kw, to: layout), columns: layout.tileWidth, rows: layout.tileHeight,
                        x: origin.x, y: origin.y)
            TilePainter.label(String(filter), at: origin, layout: layout, on: canvas)
        }
        if inputs == 1 {
            let bound = largest == 0 ? 1 : largest
            ColorBar.draw(on: canvas, top: layout.colorBarTop,
                          labels: (ColorBar.format(-bound), "0", ColorBar.format(bound)), legend: nil)
        } else {
            canvas.text("black: the filter's smallest weight · white: its largest · red: NaN or infinite",
                        x: Double(FeatureMapLayout.margin), y: Double(layout.colorBarTop + 24), size: 11)
        }
        return try canvas.image()
    }

    /// One filter plane as viridis RGB bytes on the scale `−bound…bound` (0: the middle).
    static func viridis(_ plane: ArraySlice<Float>, bound: Float) -> [UInt8] {
        let b = bound == 0 ? 1 : bound
        return plane.flatMap { value -> [UInt8] in
            guard value.isFinite else { return [TilePainter.nonFiniteColor.r, TilePainter.nonFiniteColor.g, TilePainter.nonFiniteColor.b] }
            let (r, g, bl) = Viridis.color((value / b + 1) / 2)
            return [r, g, bl]
        }
    }

    /// One `[3, KH, KW]` filter as interleaved RGB bytes, scaled by its own finite min…max.
    static func normalizedRGB(_ filter: ArraySlice<Float>, plane: Int) -> [UInt8] {
        let finite = filter.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        let base = filter.startIndex
        var rgb = [UInt8](repeating: 0, count: plane * 3)
        for pixel in 0..<plane {
            let channels = (0..<3).map { filter[base + $0 * plane + pixel] }
            if channels.contains(where: { !$0.isFinite }) {
                let red = TilePainter.nonFiniteColor
                (rgb[3 * pixel], rgb[3 * pixel + 1], rgb[3 * pixel + 2]) = (red.r, red.g, red.b)
                continue
            }
            for c in 0..<3 {
                let fraction = high > low ? Double(channels[c] - low) / Double(high - low) : 0.5
                rgb[3 * pixel + c] = UInt8((fraction * 255).rounded())
            }
        }
        return rgb
    }

    /// `rgb` (`height x width` pixels) enlarged nearest-neighbour to the layout's tile.
    static func enlarge(_ rgb: [UInt8], height: Int, width: Int, to layout: FeatureMapLayout) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: layout.tileWidth * layout.tileHeight * 3)
        for row in 0..<layout.tileHeight {
            let sourceRow = row * height / layout.tileHeight
            for column in 0..<layout.tileWidth {
                let source = (sourceRow * width + column * width / layout.tileWidth) * 3
                let target = (row * layout.tileWidth + column) * 3
                (out[target], out[target + 1], out[target + 2]) = (rgb[source], rgb[source + 1], rgb[source + 2])
            }
        }
        return out
    }
}
