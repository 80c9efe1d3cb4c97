import Strata

/// Where everything goes in a feature-map grid figure, in pixels, from the top left:
///
///     margin | title (3 lines)                                   height titleHeight
///            | label  label  label ...                           labelHeight
///            | tile   tile   tile  ...   (gap between tiles)     tileHeight, then gap
///            | ...                                               rows
///            | colour bar and its numbers                        colorBarBand
///
/// `width = max(minimumWidth, 2 * margin + columns * (tileWidth + gap) - gap)`,
/// `height = titleHeight + rows * (labelHeight + tileHeight + gap) - gap + colorBarBand`,
/// with `columns = ceil(sqrt(tiles))` and `rows = ceil(tiles / columns)`.
public struct FeatureMapLayout: Sendable, Equatable {
    /// White border around the figure, in pixels.
    public static let margin = 12
    /// From the figure's top to the first row of tile labels: the three title lines.
    public static let titleHeight = 72
    /// The band above each tile holding its channel index.
    public static let labelHeight = 14
    /// Space between neighbouring tiles, across and down.
    public static let gap = 6
    /// Below the last row of tiles: the colour bar, its numbers and the bottom margin.
    public static let colorBarBand = 52
    /// Wide enough for the title and the colour bar with its legend.
    public static let minimumWidth = 640

    /// One tile's width: the map's W enlarged by the whole factor that makes its shorter
    /// side at least `minimumTileSide` while the longer stays within `maximumTileSide`
    /// (nearest-neighbour: a 7x7 map becomes 49x49, a 3x2 map 72x48, a 56x56 map stays
    /// 56x56), or shrunk by area averaging to `maximumTileSide` when longer; then a side
    /// still shorter than `minimumTileSide` is stretched alone to it (a 256x1 map becomes
    /// 512 high, enlarged twice, and 48 wide).
    public let tileWidth: Int
    /// One tile's height, scaled like ``tileWidth``.
    public let tileHeight: Int
    /// Tiles per row: `ceil(sqrt(tiles))`.
    public let columns: Int
    /// Rows of tiles: `ceil(tiles / columns)`.
    public let rows: Int
    /// The figure's width in pixels (formula above).
    public let width: Int
    /// The figure's height in pixels (formula above).
    public let height: Int

    /// - Parameters:
    ///   - tiles: tiles to place (channels drawn, plus one for the input picture).
    ///   - mapHeight: the map's height.
    ///   - mapWidth: the map's width.
    ///   - minimumTileSide: tiles are enlarged to at least this many pixels a side.
    ///   - maximumTileSide: larger maps are shrunk to this many pixels.
    ///   - maximumPixels: the largest figure (width x height) allowed.
    /// - Throws: `StrataError.invalidArgument(_:)` when the figure would have more than
    ///   `maximumPixels` pixels (checked before anything is allocated), naming the size.
    public init(tiles: Int, mapHeight: Int, mapWidth: Int, minimumTileSide: Int = 48, maximumTileSide: Int = 512,
                maximumPixels: Int = FeatureMapFigure.Options().maximumPixels) throws {
        guard tiles >= 1, mapHeight >= 1, mapWidth >= 1, minimumTileSide >= 1, maximumTileSide >= minimumTileSide else {
            throw StrataError.invalidArgument(
                "figure of \(tiles) tiles of \(mapHeight)x\(mapWidth), tile sides \(minimumTileSide)...\(maximumTileSide); "
                + "expected tiles, map sizes and tile sides >= 1, minimum <= maximum")
        }
        let side = max(mapHeight, mapWidth), shorter = min(mapHeight, mapWidth)
        var (tileHeight, tileWidth): (Int, Int)
        if side <= maximumTileSide {
            // The whole factor that brings the shorter side to the minimum,
            // ceil(minimumTileSide / shorter) written so it cannot overflow, as long as
            // the longer side stays within the maximum.
            let factor = max(1, minimumTileSide / shorter + (minimumTileSide % shorter == 0 ? 0 : 1))
            let capped = min(factor, maximumTileSide / side)
            (tileHeight, tileWidth) = (mapHeight * max(1, capped), mapWidth * max(1, capped))
        } else {
            // Double: mapHeight * maximumTileSide can overflow Int for huge callers' values.
            (tileHeight, tileWidth) = (max(1, Int(Double(mapHeight) * Double(maximumTileSide) / Double(side))),
                                       max(1, Int(Double(mapWidth) * Double(maximumTileSide) / Double(side))))
        }
        // A thin map (256x1) keeps its shorter side readable: stretched on its own to the minimum.
        (tileHeight, tileWidth) = (max(tileHeight, minimumTileSide), max(tileWidth, minimumTileSide))
        (self.tileHeight, self.tileWidth) = (tileHeight, tileWidth)
        var columns = Int(Double(tiles).squareRoot().rounded(.up))
        if columns * columns < tiles { columns += 1 }  // guard the square root's rounding
        self.columns = columns
        rows = (tiles + columns - 1) / columns
        let layout = Self.self
        // Doubles cannot overflow here; the cap below keeps the integers small.
        let w = max(Double(layout.minimumWidth),
                    Double(2 * layout.margin) + Double(columns) * (Double(tileWidth) + Double(layout.gap)) - Double(layout.gap))
        let h = Double(layout.titleHeight) + Double(rows) * (Double(layout.labelHeight) + Double(tileHeight) + Double(layout.gap))
            - Double(layout.gap) + Double(layout.colorBarBand)
        func pixels(_ value: Double) -> String { value < 1e15 ? String(Int(value)) : "\(value)" }
        guard w * h <= Double(maximumPixels), w <= Double(Canvas.maximumSide), h <= Double(Canvas.maximumSide) else {
            throw StrataError.invalidArgument(
                "the figure would be \(pixels(w))x\(pixels(h)) pixels (\(tiles) tiles of \(tileWidth)x\(tileHeight)); "
                + "expected at most \(maximumPixels) pixels and sides <= \(Canvas.maximumSide): draw fewer channels (--top K)")
        }
        (width, height) = (Int(w), Int(h))
    }

    /// The top-left corner of tile `index` (row by row), below its label.
    public func tileOrigin(_ index: Int) -> (x: Int, y: Int) {
        let layout = Self.self
        return (layout.margin + (index % columns) * (tileWidth + layout.gap),
                layout.titleHeight + (index / columns) * (layout.labelHeight + tileHeight + layout.gap) + layout.labelHeight)
    }

    /// The top of the colour bar band (just below the last row of tiles).
    public var colorBarTop: Int { height - Self.colorBarBand }
}
