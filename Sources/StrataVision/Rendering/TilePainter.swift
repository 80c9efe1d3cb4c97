import Strata

/// Painting one tile of a grid figure: a channel in viridis (nearest-neighbour enlarged or
/// area-shrunk to the tile), a grey hatched tile for a channel with nothing to colour, or
/// the input picture; each with its label above.
enum TilePainter {
    /// Colour of NaN and infinite values (red is not in viridis, so it cannot be misread).
    static let nonFiniteColor = RGB(255, 0, 0)

    /// `plane` (`height * width` values) coloured by `(value - low) / (high - low)`.
    static func paintChannel(_ plane: ArraySlice<Float>, height: Int, width: Int, low: Float, high: Float,
                             at origin: (x: Int, y: Int), layout: FeatureMapLayout, on canvas: Canvas) {
        let resized = AreaResample.plane(plane, height: height, width: width,
                                         newHeight: layout.tileHeight, newWidth: layout.tileWidth)
        var rgb = [UInt8](repeating: 0, count: resized.count * 3)
        for (i, value) in resized.enumerated() {
            let color = value.isFinite
                ? RGB(Viridis.color(Float(ChannelBarChart.colorFraction(value, low: low, high: high)))) : nonFiniteColor
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = (color.r, color.g, color.b)
        }
        canvas.blit(rgb, columns: layout.tileWidth, rows: layout.tileHeight, x: origin.x, y: origin.y)
    }

    /// A hatched grey tile with what the channel holds: "0", "const" and its value, or "no finite value".
    static func paintFlat(_ kind: ChannelStatistics.Kind, at origin: (x: Int, y: Int), layout: FeatureMapLayout,
                          on canvas: Canvas) {
        let (x, y) = (Double(origin.x), Double(origin.y))
        let (w, h) = (Double(layout.tileWidth), Double(layout.tileHeight))
        canvas.hatch(x: x, y: y, width: w, height: h)
        let lines: [String] = switch kind {
        case .allZero: ["0"]
        case let .constant(value): ["const", ColorBar.format(value)]
        case .nonFinite: ["no finite", "value"]
        case .varying: []
        }
        let size = min(12, max(7, h / 4))
        let top = y + h / 2 - Double(lines.count - 1) * size * 0.6 + size * 0.35
        for (i, line) in lines.enumerated() {
            canvas.text(line, x: x + w / 2, y: top + Double(i) * size * 1.2, size: size, color: RGB(40, 40, 40),
                        alignment: .center)
        }
    }

    /// The input picture resized (by area) to the tile, so a position in it lines up with
    /// the same position in every channel.
    static func paintImage(_ image: Image, at origin: (x: Int, y: Int), layout: FeatureMapLayout, on canvas: Canvas) {
        let rgb = AreaResample.rgb(image, newWidth: layout.tileWidth, newHeight: layout.tileHeight)
        canvas.blit(rgb, columns: layout.tileWidth, rows: layout.tileHeight, x: origin.x, y: origin.y)
    }

    /// `text` centred above the tile at `origin`, in the largest size from 11 down to 8
    /// points that fits, cut with "…" when even 8 does not.
    static func label(_ text: String, at origin: (x: Int, y: Int), layout: FeatureMapLayout, on canvas: Canvas) {
        let room = Double(layout.tileWidth + FeatureMapLayout.gap)
        let size = [11.0, 10, 9, 8].first { canvas.textWidth(text, size: $0) <= room } ?? 8
        canvas.text(canvas.fitted(text, width: room, size: size), x: Double(origin.x) + Double(layout.tileWidth) / 2,
                    y: Double(origin.y - 3), size: size, alignment: .center)
    }
}
