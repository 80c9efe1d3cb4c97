import Strata

/// A picture of one layer's feature map that explains itself: a title with the model,
/// layer, op, output shape and receptive field; the channels as labelled tiles enlarged
/// nearest-neighbour to at least 48 px, beside the input picture at the same scale; a
/// viridis colour bar with its value range; dead (all-zero) and constant channels drawn as
/// hatched grey tiles and counted. Text and shapes are drawn by cairo.
///
/// Maps with one value per channel (`[1, C]` or `[1, C, 1, 1]`: after a linear layer, a
/// flatten or a global pooling) are drawn as a bar chart instead (`ChannelBarChart`):
/// a tile of one pixel is one flat colour, while bars show each value's sign and size on
/// an axis with numbers, and 1000 classes still fit side by side.
public enum FeatureMapFigure {
    /// How a figure is drawn.
    public struct Options: Sendable, Equatable {
        /// Shared (``FeatureMapScaling/layer``, the default) or per-channel colours.
        public var scaling: FeatureMapScaling
        /// Draw only this many channels, those with the highest mean, highest first; nil for
        /// all. More than the layer has means all.
        public var top: Int?
        /// Tiles are enlarged by a whole factor until their longer side is at least this.
        public var minimumTileSide: Int
        /// Larger maps are shrunk (by area averaging) to this longer side.
        public var maximumTileSide: Int
        /// The largest figure, in pixels (width x height), drawn; larger ones are an error
        /// raised before allocating (25 M pixels: about 100 MB of cairo surface).
        public var maximumPixels: Int

        /// The defaults: shared scaling, every channel, tiles of 48...512 px, 25 M pixels at most.
        public init(scaling: FeatureMapScaling = .layer, top: Int? = nil, minimumTileSide: Int = 48,
                    maximumTileSide: Int = 512, maximumPixels: Int = 25_000_000) {
            (self.scaling, self.top, self.minimumTileSide, self.maximumTileSide, self.maximumPixels) =
                (scaling, top, minimumTileSide, maximumTileSide, maximumPixels)
        }
    }

    /// The figure of `map`, `[1, C, H, W]` or `[1, C]`.
    /// - Parameters:
    ///   - map: the layer's output for one image.
    ///   - caption: the title's model, layer, op, shape and receptive field.
    ///   - input: the picture the model saw (``Image/init(showing:)``), drawn as the first
    ///     tile at the tiles' size; nil to leave it out. Not drawn in bar charts.
    ///   - options: scaling, top-K channels, tile sizes and the pixel cap.
    /// - Throws: `StrataError.invalidShape(_:)` for other shapes;
    ///   `StrataError.invalidArgument(_:)` for `top < 1` or a figure larger than
    ///   ``Options/maximumPixels``.
    public static func render(_ map: Tensor, caption: FeatureMapCaption, input: Image? = nil,
                              options: Options = Options()) throws -> Image {
        let (_, h, w) = try channelsHeightWidth(map)
        if let top = options.top, top < 1 {
            throw StrataError.invalidArgument("top \(top) channels; expected at least 1")
        }
        let statistics = try ChannelStatistics.of(map)
        if h * w == 1 { return try ChannelBarChart.render(statistics, caption: caption, options: options) }

        let chosen = ChannelStatistics.chosen(statistics, top: options.top)
        let tiles = chosen.count + (input == nil ? 0 : 1)
        let layout = try FeatureMapLayout(tiles: tiles, mapHeight: h, mapWidth: w, minimumTileSide: options.minimumTileSide,
                                          maximumTileSide: options.maximumTileSide, maximumPixels: options.maximumPixels)
        let canvas = try Canvas(width: layout.width, height: layout.height)

        var detail = caption.shapeLine + " · " + (options.scaling == .layer ? "one colour scale" : "colours per channel")
        if layout.tileWidth < w { detail += " · tiles shrunk from \(w)x\(h)" }
        var census = ChannelStatistics.census(statistics)
        if options.top != nil { census += " · the \(chosen.count) with the highest mean, highest first" }
        FigureTitle.draw(on: canvas, headline: caption.headline, lines: [detail, census])

        var index = 0
        if let input {
            TilePainter.paintImage(input, at: layout.tileOrigin(0), layout: layout, on: canvas)
            TilePainter.label("input", at: layout.tileOrigin(0), layout: layout, on: canvas)
            index = 1
        }
        let values = map.scalars, plane = h * w
        for channel in chosen {
            let origin = layout.tileOrigin(index)
            if channel.kind == .varying {
                let (low, high) = ChannelStatistics.range(of: channel, in: statistics, scaling: options.scaling)
                TilePainter.paintChannel(values[(channel.channel * plane)..<((channel.channel + 1) * plane)],
                                         height: h, width: w, low: low, high: high, at: origin, layout: layout, on: canvas)
            } else {
                TilePainter.paintFlat(channel.kind, at: origin, layout: layout, on: canvas)
            }
            TilePainter.label(tileLabel(channel, scaling: options.scaling), at: origin, layout: layout, on: canvas)
            index += 1
        }

        let (low, high) = ChannelStatistics.layerRange(statistics)
        let labels = options.scaling == .layer
            ? ColorBar.labels(low: low, high: high, anyFinite: statistics.contains { $0.kind != .nonFinite })
            : ("tile's min", "each tile: its label's min…max", "tile's max")
        ColorBar.draw(on: canvas, top: layout.colorBarTop, labels: labels,
                      legend: "all zero, constant or no finite value; red: NaN or infinite")
        return try canvas.image()
    }

    /// A tile's label: its channel index, and with per-channel colours the channel's own
    /// "min…max" (the only way to read a value off such a tile).
    static func tileLabel(_ channel: ChannelStatistics, scaling: FeatureMapScaling) -> String {
        guard scaling == .channel, channel.kind == .varying else { return String(channel.channel) }
        return "\(channel.channel): \(ColorBar.format(channel.minimum))…\(ColorBar.format(channel.maximum))"
    }

    /// (C, H, W) of a `[1, C, H, W]` map, or (C, 1, 1) of a `[1, C]` one.
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
