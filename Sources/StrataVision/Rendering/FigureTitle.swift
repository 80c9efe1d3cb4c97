/// The three title lines every figure starts with: the headline (model, layer, op) in
/// bold, then two lines of detail, each cut with "…" to the figure's width.
enum FigureTitle {
    /// Baselines of the three lines, in pixels from the top (see ``FeatureMapLayout/titleHeight``).
    static let baselines: [Double] = [28, 47, 64]

    static func draw(on canvas: Canvas, headline: String, lines: [String]) {
        let x = Double(FeatureMapLayout.margin), room = Double(canvas.width - 2 * FeatureMapLayout.margin)
        canvas.text(canvas.fitted(headline, width: room, size: 15, bold: true), x: x, y: baselines[0], size: 15, bold: true)
        for (line, baseline) in zip(lines.prefix(2), baselines.dropFirst()) {
            canvas.text(canvas.fitted(line, width: room, size: 12), x: x, y: baseline, size: 12)
        }
    }
}
