import Foundation
import Strata

/// A picture of a confusion matrix: one square cell per (actual, predicted) pair, rows the
/// actual classes and columns the predicted ones (scikit-learn's layout), coloured in
/// viridis by the cell's share of its row (so each row reads as "where did this class go"),
/// with the count written in the cell. Rows are labelled `index name`, columns by index;
/// a colour bar under the grid reads 0%…100% of the row. A row without samples is grey.
///
/// Takes plain counts, so it draws a `ConfusionMatrix` of StrataTraining
/// (`ConfusionMatrixFigure.render(counts: matrix.counts, classNames: matrix.classNames, title: ...)`)
/// or any other.
public enum ConfusionMatrixFigure {
    /// The side of a cell, in pixels: room for a 5-digit count.
    static let cell = 44
    /// The band above the grid holding the column indices and "predicted".
    static let headerHeight = 22

    /// Where the grid goes: its left edge depends on the longest row label.
    struct Layout {
        let gridLeft: Int, gridTop: Int, width: Int, height: Int
    }

    static func layout(classNames: [String], canvasMeasure: (String) -> Double) -> Layout {
        let labels = classNames.enumerated().map { "\($0.offset) \($0.element)" } + ["actual"]
        let labelWidth = Int((labels.map(canvasMeasure).max() ?? 0).rounded(.up)) + 12
        let n = classNames.count
        let gridLeft = FeatureMapLayout.margin + labelWidth
        let gridTop = FeatureMapLayout.titleHeight + headerHeight
        let width = max(FeatureMapLayout.minimumWidth, gridLeft + n * cell + FeatureMapLayout.margin)
        let height = gridTop + n * cell + 8 + FeatureMapLayout.colorBarBand
        return Layout(gridLeft: gridLeft, gridTop: gridTop, width: width, height: height)
    }

    /// The figure.
    /// - Parameters:
    ///   - counts: row-major `[n, n]`: `counts[actual * n + predicted]`, each >= 0.
    ///   - classNames: n names, in label order.
    ///   - title: the headline, such as `"seednet · Fashion-MNIST test set"`.
    /// - Throws: `StrataError.invalidArgument` for no classes, a count of the wrong length or
    ///   a negative count, or more than 200 classes (the figure would pass cairo's limit).
    public static func render(counts: [Int], classNames: [String], title: String) throws -> Image {
        let n = classNames.count
        guard (1...200).contains(n) else {
            throw StrataError.invalidArgument("a confusion matrix figure of \(n) classes; expected 1 to 200")
        }
        guard counts.count == n * n, counts.allSatisfy({ $0 >= 0 }) else {
            throw StrataError.invalidArgument(
                "\(counts.count) counts for \(n) classes; expected \(n * n) counts (row-major [actual, predicted]), none negative")
        }
        let measure = try Canvas(width: 1, height: 1)
        let layout = layout(classNames: classNames) { measure.textWidth($0, size: 11) }
        let canvas = try Canvas(width: layout.width, height: layout.height)
        let rows = (0..<n).map { actual in counts[(actual * n)..<((actual + 1) * n)].reduce(0, +) }
        let total = rows.reduce(0, +), correct = (0..<n).reduce(0) { $0 + counts[$1 * n + $1] }
        let accuracy = total == 0 ? "no samples" : String(format: "accuracy %.2f%% (%d of %d)", 100 * Double(correct) / Double(total), correct, total)
        FigureTitle.draw(on: canvas, headline: title,
                         lines: ["rows: actual class · columns: predicted class · colour: share of the row", accuracy])

        let (left, top) = (layout.gridLeft, layout.gridTop)
        canvas.text("predicted", x: Double(left + n * cell / 2), y: Double(top - 14) - 0, size: 11, bold: true, alignment: .center)
        canvas.text("actual", x: Double(left - 8), y: Double(top - 4), size: 11, bold: true, alignment: .right)
        for index in 0..<n {
            canvas.text(String(index), x: Double(left + index * cell + cell / 2), y: Double(top - 3), size: 10, alignment: .center)
            canvas.text("\(index) \(classNames[index])", x: Double(left - 8), y: Double(top + index * cell + cell / 2 + 4), size: 11,
                        alignment: .right)
        }
        for actual in 0..<n {
            for predicted in 0..<n {
                let count = counts[actual * n + predicted]
                let (x, y) = (left + predicted * cell, top + actual * cell)
                let fraction = rows[actual] == 0 ? nil : Float(Double(count) / Double(rows[actual]))
                let color = fraction.map { RGB(Viridis.color($0)) } ?? RGB(214, 214, 214)
                canvas.blit((0..<(cell * cell)).flatMap { _ in [color.r, color.g, color.b] },
                            columns: cell, rows: cell, x: x, y: y)
                // Light text on the dark (low) half of viridis, dark text on the bright half.
                let ink = (fraction ?? 1) < 0.5 ? RGB.white : RGB.ink
                canvas.text(String(count), x: Double(x + cell / 2), y: Double(y + cell / 2 + 4),
                            size: count >= 10_000 ? 9 : 11, color: ink, alignment: .center)
            }
        }
        ColorBar.draw(on: canvas, top: layout.height - FeatureMapLayout.colorBarBand,
                      labels: ("0%", "50% of the row", "100%"), legend: "row without samples")
        return try canvas.image()
    }
}
