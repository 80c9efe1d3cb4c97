import Foundation

/// The resampling filter of an antialiased linear or cubic resize on one axis: Pillow's
/// (`libImaging/Resample.c`), as onnxruntime's `upsample_antialias.h` computes it in
/// float32. When the axis shrinks (`scale < 1`) the filter is stretched by `1/scale`, so
/// an output averages every input element under it; when it grows, it is the plain
/// triangle (linear) or Keys' kernel with coefficient `a` (cubic).
struct AntialiasFilter: Sendable {
    let cubic: Bool
    let a: Float
    /// Half the filter's width in input elements, and `1/stretch`.
    let support: Float
    let inverseStretch: Float

    init(mode: ResizeMode, scale: Float, a: Float) {
        cubic = mode == .cubic
        self.a = a
        let stretch = 1 / scale, halfWidth: Float = cubic ? 2 : 1
        support = stretch >= 1 ? halfWidth * stretch : halfWidth
        inverseStretch = stretch >= 1 ? 1 / stretch : 1
    }

    /// The most taps an output has: `2·⌈support⌉ + 1`.
    var window: Int { Int(support.rounded(.up)) * 2 + 1 }

    func callAsFunction(_ x: Float) -> Float {
        let x = abs(x)
        guard cubic else { return x < 1 ? 1 - x : 0 }
        if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
        if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
        return 0
    }

    /// The taps of the output whose window is centred on `center` (the input coordinate +
    /// 0.5): input indices `⌊center − support + ½⌋ ..< ⌊center + support + ½⌋` (at most
    /// ``window``), weighted by the filter at `(i + ½ − center)/stretch` and normalized to
    /// sum 1. Indices outside `0..<length` are clamped to the edge, or dropped when
    /// `excludeOutside` (the sum then covers the kept ones). A window wholly outside the
    /// input has no taps, and its output is 0, as in onnxruntime.
    func taps(center: Float, length: Int, excludeOutside: Bool) -> [(Int, Float)] {
        let center = center.isNaN ? 0 : min(max(center, -Float(1 << 24)), Float(1 << 24))
        var first = Int((center - support + 0.5).rounded(.down))
        var end = Int((center + support + 0.5).rounded(.down))
        end = first + min(max(end - first, 0), window)
        let (firstInside, endInside) = (min(max(first, 0), length), min(max(end, 0), length))
        if excludeOutside { (first, end) = (firstInside, endInside) }
        guard firstInside < endInside else { return [] }
        var weights: [Float] = []
        var total: Float = 0
        for i in first..<end {
            let w = self((Float(i) - center + 0.5) * inverseStretch)
            weights.append(w)
            total += w
        }
        let normalizer = total == 0 ? 1 : 1 / total
        return weights.enumerated().map { (min(max(first + $0.offset, 0), length - 1), $0.element * normalizer) }
    }
}
