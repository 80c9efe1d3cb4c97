import Foundation

/// The colour key under a figure: viridis from low (left) to high (right), one pixel
/// column per table entry (256 px), numbers at both ends and the middle, and beside it a
/// hatched swatch explaining the grey tiles.
enum ColorBar {
    static let width = 256
    static let height = 14

    /// - Parameters:
    ///   - top: the top of the colour bar band (``FeatureMapLayout/colorBarTop``).
    ///   - labels: the texts under the left end, the middle and the right end.
    ///   - legend: what the hatched swatch means, or nil for no swatch.
    static func draw(on canvas: Canvas, top: Int, labels: (String, String, String), legend: String?) {
        let x = FeatureMapLayout.margin, y = top + 10
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for column in 0..<width {
            for row in 0..<height {
                let offset = (row * width + column) * 3
                rgb[offset] = Viridis.rgb[3 * column]
                rgb[offset + 1] = Viridis.rgb[3 * column + 1]
                rgb[offset + 2] = Viridis.rgb[3 * column + 2]
            }
        }
        canvas.blit(rgb, columns: width, rows: height, x: x, y: y)
        let baseline = Double(y + height + 14)
        canvas.text(labels.0, x: Double(x), y: baseline, size: 11)
        canvas.text(labels.1, x: Double(x + width / 2), y: baseline, size: 11, alignment: .center)
        canvas.text(labels.2, x: Double(x + width), y: baseline, size: 11, alignment: .right)
        if let legend {
            let swatch = Double(x + width + 24)
            canvas.hatch(x: swatch, y: Double(y), width: Double(height), height: Double(height))
            canvas.text(canvas.fitted(legend, width: Double(canvas.width) - swatch - 20 - Double(FeatureMapLayout.margin), size: 11),
                        x: swatch + Double(height) + 6, y: Double(y + height - 2), size: 11)
        }
    }

    /// The texts under the bar for values `low...high`: both ends and the middle (the
    /// middle computed in `Double`, so it does not overflow); "no finite value" when the
    /// layer has none.
    static func labels(low: Float, high: Float, anyFinite: Bool) -> (String, String, String) {
        guard anyFinite else { return ("", "no finite value", "") }
        return (format(low), format(Float((Double(low) + Double(high)) / 2)), format(high))
    }

    /// A value as the figures print it: 3 significant digits ("0.0123", "4.56e+03").
    static func format(_ value: Float) -> String {
        value == 0 ? "0" : String(format: "%.3g", Double(value))
    }
}
