import Foundation
import Strata

/// A picture of a training run: loss (left panel) and accuracy (right panel) per epoch,
/// with a title, tick labels on both axes, light grid lines and a legend in each panel.
/// Train values are blue, test values orange (matplotlib's first two `tab10` colours);
/// every epoch is a dot, consecutive epochs are joined by lines, so one epoch shows as a
/// single dot. Values that are not finite (a diverged run's NaN loss) are left out (the
/// line breaks there) and counted in the title.
///
/// ```swift
/// let image = try TrainingCurveFigure.render(
///     [.init(epoch: 1, trainLoss: 0.52, trainAccuracy: 0.81, testAccuracy: 0.86)], title: "seednet · Fashion-MNIST")
/// try PNG.write(image, to: URL(fileURLWithPath: "curves.png"))
/// ```
public enum TrainingCurveFigure {
    /// One epoch's numbers. Accuracies are fractions in 0...1 (drawn as percentages).
    public struct Epoch: Sendable, Equatable {
        /// The epoch's number (the x value), 1 for the first.
        public var epoch: Int
        /// Mean training loss over the epoch.
        public var trainLoss: Double
        /// Training accuracy over the epoch, 0...1.
        public var trainAccuracy: Double
        /// Test accuracy after the epoch, 0...1, or nil when not evaluated.
        public var testAccuracy: Double?
        /// Test loss after the epoch, or nil when not evaluated.
        public var testLoss: Double?

        /// One epoch's numbers.
        public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, testAccuracy: Double? = nil, testLoss: Double? = nil) {
            (self.epoch, self.trainLoss, self.trainAccuracy, self.testAccuracy, self.testLoss) =
                (epoch, trainLoss, trainAccuracy, testAccuracy, testLoss)
        }
    }

    /// Colour of train series: tab10 blue, `#1f77b4`.
    static let trainColor = RGB(31, 119, 180)
    /// Colour of test series: tab10 orange, `#ff7f0e`.
    static let testColor = RGB(255, 127, 14)
    /// Grid lines and the frame.
    static let gridColor = RGB(225, 225, 225), frameColor = RGB(90, 90, 90)

    /// The figure for `epochs`.
    /// - Parameters:
    ///   - epochs: at least one, in increasing epoch order.
    ///   - title: the headline (model, data set); the line under it says how many epochs
    ///     and the last values.
    ///   - width: the picture's width in pixels, at least 480.
    ///   - height: the picture's height in pixels, at least 300.
    /// - Returns: an RGB image (`PNG.write(_:to:overwrite:)` saves it).
    /// - Throws: `StrataError.invalidArgument` for no epochs, epochs not strictly increasing,
    ///   a finite accuracy outside 0...1, or a size below the minimum.
    public static func render(_ epochs: [Epoch], title: String, width: Int = 960, height: Int = 440) throws -> Image {
        guard !epochs.isEmpty else { throw StrataError.invalidArgument("a training curve needs at least one epoch, got none") }
        guard width >= 480, height >= 300, width <= Canvas.maximumSide, height <= Canvas.maximumSide else {
            throw StrataError.invalidArgument(
                "a training curve of \(width)x\(height) pixels; expected at least 480x300 and at most \(Canvas.maximumSide) a side")
        }
        for (previous, next) in zip(epochs, epochs.dropFirst()) where next.epoch <= previous.epoch {
            throw StrataError.invalidArgument(
                "epoch \(next.epoch) follows epoch \(previous.epoch); expected strictly increasing epoch numbers")
        }
        for epoch in epochs {
            for accuracy in [epoch.trainAccuracy, epoch.testAccuracy].compactMap({ $0 })
            where accuracy.isFinite && !(0...1).contains(accuracy) {
                throw StrataError.invalidArgument(
                    "epoch \(epoch.epoch) has accuracy \(accuracy); expected a fraction in 0...1")
            }
        }

        let x = epochs.map { Double($0.epoch) }
        let lossSeries = [Series(name: "train loss", color: trainColor, x: x, y: epochs.map(\.trainLoss))]
            + (epochs.contains { $0.testLoss != nil }
                ? [Series(name: "test loss", color: testColor, x: x, y: epochs.map { $0.testLoss ?? .nan })] : [])
        let accuracySeries = [Series(name: "train accuracy", color: trainColor, x: x, y: epochs.map(\.trainAccuracy))]
            + (epochs.contains { $0.testAccuracy != nil }
                ? [Series(name: "test accuracy", color: testColor, x: x, y: epochs.map { $0.testAccuracy ?? .nan })] : [])

        let canvas = try Canvas(width: width, height: height)
        let last = epochs[epochs.count - 1]
        var summary = "\(epochs.count) epoch\(epochs.count == 1 ? "" : "s") · last: train loss "
            + String(format: "%.4g", last.trainLoss) + ", train accuracy " + String(format: "%.2f%%", last.trainAccuracy * 100)
        if let test = last.testAccuracy { summary += ", test accuracy " + String(format: "%.2f%%", test * 100) }
        let skipped = epochs.reduce(0) { count, epoch in
            count + [epoch.trainLoss, epoch.trainAccuracy, epoch.testLoss, epoch.testAccuracy].compactMap { $0 }
                .filter { !$0.isFinite }.count
        }
        FigureTitle.draw(on: canvas, headline: title,
                         lines: [summary, skipped > 0 ? "\(skipped) value(s) not finite, left out" : ""])

        let margin = Double(FeatureMapLayout.margin), gap = 24.0
        let top = Double(FeatureMapLayout.titleHeight), panelWidth = (Double(width) - 2 * margin - gap) / 2
        let bottom = Double(height) - margin
        let epochAxis = PlotAxis.epochs(first: epochs[0].epoch, last: last.epoch)
        drawPanel("loss", series: lossSeries, epochAxis: epochAxis, percent: false,
                  frame: (margin, top, panelWidth, bottom - top), on: canvas)
        drawPanel("accuracy", series: accuracySeries, epochAxis: epochAxis, percent: true,
                  frame: (margin + panelWidth + gap, top, panelWidth, bottom - top), on: canvas)
        return try canvas.image()
    }

    /// One line of a panel: its legend name, colour and points (NaN: no point).
    struct Series {
        let name: String
        let color: RGB
        let x: [Double]
        let y: [Double]
    }

    /// Room around a panel's plot area: tick labels on the left, ticks and "epoch" below,
    /// the panel's name above.
    static let leftRoom = 58.0, bottomRoom = 40.0, topRoom = 22.0, rightRoom = 8.0

    /// The plot area of a panel at `frame` (x, y, width, height): left, top, right, bottom.
    static func plotArea(_ frame: (Double, Double, Double, Double)) -> (Double, Double, Double, Double) {
        (frame.0 + leftRoom, frame.1 + topRoom, frame.0 + frame.2 - rightRoom, frame.1 + frame.3 - bottomRoom)
    }

    static func drawPanel(_ name: String, series: [Series], epochAxis: PlotAxis, percent: Bool,
                          frame: (Double, Double, Double, Double), on canvas: Canvas) {
        let (left, top, right, bottom) = plotArea(frame)
        let finite = series.flatMap { $0.y.filter(\.isFinite) }
        let valueAxis = PlotAxis.values(finite.isEmpty ? [0, 1] : finite, bounds: percent ? 0...1 : nil)
        canvas.text(name, x: (left + right) / 2, y: frame.1 + 14, size: 13, bold: true, alignment: .center)

        for tick in valueAxis.ticks {
            let y = valueAxis.position(tick, from: bottom, to: top).rounded() + 0.5
            canvas.line(from: (left, y), to: (right, y), color: gridColor)
            canvas.text(valueAxis.label(tick, percent: percent), x: left - 6, y: y + 4, size: 11, alignment: .right)
        }
        for tick in epochAxis.ticks {
            let x = epochAxis.position(tick, from: left, to: right).rounded() + 0.5
            canvas.line(from: (x, bottom), to: (x, bottom + 5), color: frameColor)
            canvas.text(String(Int(tick)), x: x, y: bottom + 18, size: 11, alignment: .center)
        }
        canvas.text("epoch", x: (left + right) / 2, y: bottom + 34, size: 11, alignment: .center)
        canvas.line(from: (left + 0.5, top), to: (left + 0.5, bottom + 0.5), color: frameColor)
        canvas.line(from: (left, bottom + 0.5), to: (right, bottom + 0.5), color: frameColor)

        for line in series {
            let points = zip(line.x, line.y).map { x, y -> (Double, Double)? in
                y.isFinite ? (epochAxis.position(x, from: left, to: right), valueAxis.position(y, from: bottom, to: top)) : nil
            }
            // Runs of consecutive finite points are joined; a NaN breaks the line.
            var run: [(Double, Double)] = []
            for point in points + [nil] {
                if let point { run.append(point); continue }
                canvas.polyline(run, color: line.color, width: 2)
                run.removeAll()
            }
            for case let point? in points { canvas.disc(x: point.0, y: point.1, radius: 3.5, color: line.color) }
        }
        let plotted = series.flatMap { line in
            zip(line.x, line.y).compactMap { x, y in
                y.isFinite ? (epochAxis.position(x, from: left, to: right), valueAxis.position(y, from: bottom, to: top)) : nil
            }
        }
        drawLegend(series, avoiding: plotted, area: (left, top, right, bottom), on: canvas)
    }

    /// A white box with a short line and a dot per series, in the corner of the plot area
    /// (`left, top, right, bottom`) covering the fewest plotted points (top right first),
    /// so the legend hides as little data as possible.
    static func drawLegend(_ series: [Series], avoiding points: [(Double, Double)], area: (Double, Double, Double, Double),
                           on canvas: Canvas) {
        let textWidth = series.map { canvas.textWidth($0.name, size: 11) }.max() ?? 0
        let boxWidth = textWidth + 44, rowHeight = 17.0, boxHeight = Double(series.count) * rowHeight + 8
        let (left, top, right, bottom) = area
        let corners = [(right - 8 - boxWidth, top + 8), (right - 8 - boxWidth, bottom - 8 - boxHeight),
                       (left + 8, top + 8), (left + 8, bottom - 8 - boxHeight)]
        func covered(_ corner: (Double, Double)) -> Int {
            points.filter { $0.0 >= corner.0 - 6 && $0.0 <= corner.0 + boxWidth + 6
                && $0.1 >= corner.1 - 6 && $0.1 <= corner.1 + boxHeight + 6 }.count
        }
        let counts = corners.map(covered)
        let (x, y) = corners[counts.firstIndex(of: counts.min()!)!]
        canvas.fill(x: x, y: y, width: boxWidth, height: boxHeight, color: .white)
        for (index, line) in series.enumerated() {
            let rowY = y + 4 + Double(index) * rowHeight + rowHeight / 2
            canvas.line(from: (x + 8, rowY), to: (x + 30, rowY), color: line.color, width: 2)
            canvas.disc(x: x + 19, y: rowY, radius: 3.5, color: line.color)
            canvas.text(line.name, x: x + 36, y: rowY + 4, size: 11)
        }
    }
}
