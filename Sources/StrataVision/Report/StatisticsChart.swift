import Foundation

/// Small inline SVG bar charts of ``ChannelStatistics``: one bar per channel, channels in
/// order left to right, for mean, maximum and fraction of zeros. Plain SVG, no script.
public enum StatisticsChart {
    /// Chart width and height in CSS pixels.
    public static let width = 360, height = 64

    /// One chart: a bar per value, all bars drawn from a zero line (values below zero hang
    /// under it), labelled with `title` and the value range. Non-finite values draw no bar.
    /// - Parameters:
    ///   - title: shown above the bars (escaped here).
    ///   - values: one per channel.
    ///   - colour: the bars' CSS colour.
    public static func svg(title: String, values: [Float], colour: String) -> String {
        let finite = values.filter(\.isFinite)
        let low = min(0, finite.min() ?? 0), high = max(0, finite.max() ?? 0)
        let span = high > low ? Double(high - low) : 1
        let top = 14.0, plot = Double(height) - top - 2
        // y of a value: high at the top of the plot area, low at its bottom.
        func y(_ value: Float) -> Double { top + (Double(high) - Double(value)) / span * plot }
        let zero = y(0)
        let barWidth = Double(width) / Double(max(values.count, 1))
        var bars = ""
        for (index, value) in values.enumerated() where value.isFinite && value != 0 {
            let (a, b) = (min(y(value), zero), max(y(value), zero))
            bars += "<rect x=\"\(format(Double(index) * barWidth))\" y=\"\(format(a))\" width=\"\(format(max(barWidth - (barWidth > 3 ? 1 : 0), 0.5)))\" height=\"\(format(max(b - a, 0.5)))\"/>"
        }
        let label = "\(HTMLText.escaped(title)): \(number(low))&#8230;\(number(high))"
        return """
            <svg class="chart" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" aria-label="\(HTMLText.escaped(title))">\
            <text x="0" y="10">\(label)</text>\
            <line x1="0" x2="\(width)" y1="\(format(zero))" y2="\(format(zero))" stroke="#999" stroke-width="0.5"/>\
            <g fill="\(colour)">\(bars)</g></svg>
            """
    }

    /// A value for a label: 4 significant digits.
    public static func number(_ value: Float) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e4 || magnitude < 1e-3 { return String(format: "%.3e", Double(value)) }
        return String(format: "%.4g", Double(value))
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
