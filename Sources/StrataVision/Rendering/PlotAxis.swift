import Foundation

/// One axis of a line plot: the value range it covers and its tick values, chosen as
/// "nice" steps (1, 2 or 5 times a power of ten: Heckbert, "Nice numbers for graph
/// labels", Graphics Gems, 1990), so tick labels are short round numbers.
struct PlotAxis: Equatable {
    /// The value at the axis's start (left or bottom).
    let low: Double
    /// The value at the axis's end.
    let high: Double
    /// Tick values, ascending, all within `low...high`.
    let ticks: [Double]
    /// The distance between neighbouring ticks.
    let step: Double

    /// The smallest of 1, 2, 5 or 10 times a power of ten that is at least `raw` (> 0).
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// A value axis covering `values` (finite, at least one) with about `targetTicks`
    /// ticks, its ends 2% of the values' span beyond them, rounded out to whole steps and
    /// kept inside `bounds` (accuracy stays within 0...1). A single value gets a small
    /// range around it.
    static func values(_ values: [Double], targetTicks: Int = 5, bounds: ClosedRange<Double>? = nil) -> PlotAxis {
        var low = values.min()!, high = values.max()!
        if high - low < 1e-12 {
            let pad = max(abs(low) * 0.05, 0.01)
            (low, high) = (low - pad, high + pad)
        }
        let step = niceStep((high - low) / Double(max(1, targetTicks - 1)))
        // 2% of room beyond the extreme values, so a point is never drawn on the frame.
        let room = (high - low) * 0.02
        low = ((low - room) / step).rounded(.down) * step
        high = ((high + room) / step).rounded(.up) * step
        if let bounds { (low, high) = (max(low, bounds.lowerBound), min(high, bounds.upperBound)) }
        let first = (low / step).rounded(.up), last = (high / step).rounded(.down)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return PlotAxis(low: low, high: high, ticks: ticks, step: step)
    }

    /// The epoch axis: whole-number ticks (a step of at least 1) from the first to the last
    /// epoch, with half a step of room at both ends so the end points are not on the frame.
    static func epochs(first: Int, last: Int, targetTicks: Int = 10) -> PlotAxis {
        let step = max(1, niceStep(Double(max(1, last - first)) / Double(targetTicks)).rounded())
        let pad = max(0.5, Double(last - first) * 0.03)
        let low = Double(first) - pad, high = Double(last) + pad
        let start = (Double(first) / step).rounded(.up) * step
        let ticks = stride(from: start, through: Double(last), by: step).map { $0 }
        return PlotAxis(low: low, high: high, ticks: ticks.isEmpty ? [Double(first)] : ticks, step: step)
    }

    /// Where `value` falls between `start` (the axis's low end) and `end` (its high end),
    /// in pixels.
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - low) / (high - low) * (end - start)
    }

    /// A tick label with as many decimals as the step needs; `percent` shows `value·100`
    /// followed by "%".
    func label(_ value: Double, percent: Bool = false) -> String {
        let scaled = percent ? value * 100 : value, scaledStep = percent ? step * 100 : step
        let decimals = max(0, Int((-log10(scaledStep)).rounded(.up)))
        return String(format: "%.\(decimals)f", scaled) + (percent ? "%" : "")
    }
}
