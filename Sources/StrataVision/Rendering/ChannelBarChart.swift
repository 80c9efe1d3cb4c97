import Strata

/// The figure of a map with one value per channel (`[1, C]`, `[1, C, 1, 1]`): a bar per
/// channel from 0 to its value, coloured by the layer's range like grid tiles, on an axis
/// with numbers, so signs and sizes can be read and compared. Up to 1200 bars are drawn
/// (wider when there are few); more channels are binned, each pixel column spanning the
/// lowest to the highest value of its bin.
///
///     margin | title (3 lines)                                      titleHeight
///            | axis numbers | plot                                  plotHeight
///            | channel indices                                      indexBand
///            | colour bar                                           colorBarBand
enum ChannelBarChart {
    static let axisWidth = 60
    static let plotTop = FeatureMapLayout.titleHeight + 8
    static let plotHeight = 220
    static let indexBand = 30
    static let maximumColumns = 1200

    static func render(_ statistics: [ChannelStatistics], caption: FeatureMapCaption,
                       options: FeatureMapFigure.Options) throws -> Image {
        // One value per channel: minimum == maximum == mean (or none, when not finite).
        let chosen = ChannelStatistics.chosen(statistics, top: options.top)
        let binSize = (chosen.count + maximumColumns - 1) / maximumColumns
        let columns = (chosen.count + binSize - 1) / binSize
        let barWidth = binSize > 1 ? 1 : max(1, min(24, 600 / chosen.count))
        let plotLeft = FeatureMapLayout.margin + axisWidth
        let width = max(FeatureMapLayout.minimumWidth, plotLeft + columns * barWidth + FeatureMapLayout.margin)
        let height = plotTop + plotHeight + indexBand + FeatureMapLayout.colorBarBand
        let canvas = try Canvas(width: width, height: height)

        let (low, high) = ChannelStatistics.layerRange(statistics)
        // In Double: Float's 3e38 - (-3e38) is infinite, and Int(NaN) traps.
        let axisLow = Double(min(0, low)), axisHigh = Double(max(0, high)) > axisLow ? Double(max(0, high)) : axisLow + 1
        func row(_ value: Float) -> Int {
            let fraction = (axisHigh - Double(value)) / (axisHigh - axisLow)
            return plotTop + Int((min(1, max(0, fraction.isFinite ? fraction : 0)) * Double(plotHeight)).rounded())
        }
        // Non-negative values are coloured from 0, like their bars (a small positive value
        // is not the darkest colour); other data from the layer's minimum.
        let colorLow = min(0, low)
        let census = ChannelStatistics.census(statistics, countingConstants: false)
            + (options.top != nil ? " · the \(chosen.count) highest, highest first"
                : " · highest: " + ChannelStatistics.chosen(statistics.filter { $0.kind != .nonFinite }, top: 3)
                    .map { "\($0.channel) (\(ColorBar.format($0.mean)))" }.joined(separator: ", "))
        FigureTitle.draw(on: canvas, headline: caption.headline,
                         lines: [caption.shapeLine + " · one value per channel: bars on a shared scale", census])

        for column in 0..<columns {
            let bin = chosen[(column * binSize)..<min(chosen.count, (column + 1) * binSize)]
            let finite = bin.filter { $0.kind != .nonFinite }.map(\.mean)
            let x = plotLeft + column * barWidth
            // Bars wider than 3 px keep a 1-px gap on their right so neighbours stay apart.
            let drawn = barWidth > 3 ? barWidth - 1 : barWidth
            guard let binLow = finite.min(), let binHigh = finite.max() else {
                paint(TilePainter.nonFiniteColor, x: x, width: drawn, rows: plotTop..<(plotTop + plotHeight), on: canvas)
                continue
            }
            let strongest = abs(binHigh) >= abs(binLow) ? binHigh : binLow
            let color = RGB(Viridis.color(Float(colorFraction(strongest, low: colorLow, high: high))))
            paint(color, x: x, width: drawn, rows: row(max(0, binHigh))..<row(min(0, binLow)), on: canvas)
        }

        let zero = Double(row(0)) + 0.5
        canvas.line(from: (Double(plotLeft), zero), to: (Double(plotLeft + columns * barWidth), zero), color: RGB(120, 120, 120))
        canvas.line(from: (Double(plotLeft) - 0.5, Double(plotTop)), to: (Double(plotLeft) - 0.5, Double(plotTop + plotHeight)),
                    color: RGB(120, 120, 120))
        let right = Double(plotLeft - 6)
        canvas.text(ColorBar.format(Float(axisHigh)), x: right, y: Double(plotTop + 4), size: 11, alignment: .right)
        canvas.text(ColorBar.format(Float(axisLow)), x: right, y: Double(plotTop + plotHeight), size: 11, alignment: .right)
        if axisLow < 0 && axisHigh > 0 { canvas.text("0", x: right, y: zero + 4, size: 11, alignment: .right) }

        let indexBaseline = Double(plotTop + plotHeight + 16)
        if barWidth >= 20 {
            for (column, channel) in chosen.enumerated() {
                canvas.text(String(channel.channel), x: Double(plotLeft + column * barWidth) + Double(barWidth - 1) / 2,
                            y: indexBaseline, size: 10, alignment: .center)
            }
        } else {
            canvas.text(options.top == nil ? "channel \(chosen.first!.channel)" : "ch \(chosen.first!.channel)",
                        x: Double(plotLeft), y: indexBaseline, size: 10)
            canvas.text(options.top == nil ? "channel \(chosen.last!.channel)" : "ch \(chosen.last!.channel)",
                        x: Double(plotLeft + columns * barWidth), y: indexBaseline, size: 10, alignment: .right)
        }
        ColorBar.draw(on: canvas, top: height - FeatureMapLayout.colorBarBand,
                      labels: ColorBar.labels(low: colorLow, high: high, anyFinite: statistics.contains { $0.kind != .nonFinite }),
                      legend: nil)
        return try canvas.image()
    }

    /// Where `value` lies in `low...high`, in 0...1, computed in `Double` so that the
    /// widest Float ranges (-3e38...3e38) do not overflow; 0.5 for an empty range.
    static func colorFraction(_ value: Float, low: Float, high: Float) -> Double {
        guard high > low else { return 0.5 }
        let fraction = (Double(value) - Double(low)) / (Double(high) - Double(low))
        return fraction.isFinite ? min(1, max(0, fraction)) : 0.5
    }

    private static func paint(_ color: RGB, x: Int, width: Int, rows: Range<Int>, on canvas: Canvas) {
        guard !rows.isEmpty else { return }
        let rgb = [UInt8]((0..<(rows.count * width)).flatMap { _ in [color.r, color.g, color.b] })
        canvas.blit(rgb, columns: width, rows: rows.count, x: x, y: rows.lowerBound)
    }
}
