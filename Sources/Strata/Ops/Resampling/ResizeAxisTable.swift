import Foundation

/// One axis of a resize, worked out at plan time: for each output index `o`, the `taps`
/// input indices it reads (clamped into `0..<inputSize`) and their weights, and whether it
/// takes the extrapolation value instead. An N-D resize is the product of its axes'
/// tables (`y[o₀, o₁, …] = Σ w₀·w₁·… x[i₀, i₁, …]`), which the kernels apply axis by axis.
///
/// The arithmetic is onnxruntime's (`upsamplebase.h`, `upsample.cc`, `upsample_antialias.h`),
/// float32 throughout:
/// - `nearest`: one tap, the rounded coordinate (``NearestRounding``), clamped.
/// - `linear`: the coordinate clamped to `[0, L − 1]`; taps `i₀ = ⌊c⌋` and `i₁ = min(i₀ + 1,
///   L − 1)` with weights `|c − i₁|` and `|c − i₀|` (½ each when they coincide).
/// - `cubic`: taps `⌊c⌋ − 1 … ⌊c⌋ + 2` (edge-clamped) with Keys' weights for `s = c − ⌊c⌋`;
///   with `excludeOutside`, taps outside the input weigh 0 and the rest are renormalized.
/// - antialias (linear and cubic): Pillow's filter stretched by `max(1, 1/scale)` over the
///   window `⌊c + 1 − support⌋ ..< ⌊c + 1 + support⌋`, weights normalized to sum 1; taps
///   outside the input are clamped to the edge, or dropped with `excludeOutside`. An axis
///   whose length does not change is copied (onnxruntime's shortcut).
/// An axis whose scale is exactly 1 is the identity (one tap of weight 1), whatever the mode.
struct ResizeAxisTable: Sendable {
    let inputSize: Int
    let outputSize: Int
    let taps: Int
    /// `[outputSize, taps]`: input indices, and weights.
    let indices: [Int]
    let weights: [Float]
    /// `[outputSize]`, or empty when no output of this axis extrapolates.
    let extrapolated: [Bool]

    /// True when output index `o` is input index `o` with weight 1 for every `o`.
    var isIdentity: Bool {
        taps == 1 && inputSize == outputSize && indices.elementsEqual(0..<outputSize) && weights.allSatisfy { $0 == 1 }
    }

    init(_ configuration: ResizeConfiguration, geometry: ResizeGeometry, axis: Int) throws {
        let (length, resized, scale) = (geometry.input[axis], geometry.output[axis], geometry.scales[axis])
        (inputSize, outputSize) = (length, resized)
        let mapping = CoordinateMapping(mode: configuration.coordinates, scale: scale, inputSize: length, outputSize: resized,
                                        roiStart: geometry.roiStarts[axis], roiEnd: geometry.roiEnds[axis])
        let crops = configuration.coordinates == .tfCropAndResize && scale != 1
        let antialias = configuration.antialias ? AntialiasFilter(mode: configuration.mode, scale: scale, a: configuration.cubicCoefficient) : nil
        let identity = scale == 1 || resized == 0 || (antialias != nil && resized == length)
        let tapCount: Int
        if identity {
            tapCount = 1
        } else if let antialias {
            guard antialias.support < Float(1 << 24) else {
                throw StrataError.invalidArgument("resize of axis \(axis) by scale \(scale) needs an antialias window too wide to plan")
            }
            tapCount = antialias.window
        } else {
            tapCount = switch configuration.mode { case .nearest: 1; case .linear: 2; case .cubic: 4 }
        }
        /// Output `o`'s taps, and whether it extrapolates.
        func taps(_ o: Int) -> ([(Int, Float)], Bool) {
            let c = mapping(o)
            if let antialias {
                // Pillow's window is centred on c + 0.5; the test for the crop is on that centre.
                let center = 0.5 + c
                let outside = crops && (center - 0.5 < 0 || center - 0.5 > Float(length - 1))
                if identity { return ([(o, 1)], outside) }
                return (antialias.taps(center: center, length: length, excludeOutside: configuration.excludeOutside), outside)
            }
            if identity { return ([(o, 1)], false) }
            let outside = crops && mapping.isOutside(c)
            switch configuration.mode {
            case .nearest: return ([(Self.nearestIndex(c, configuration.nearest, scale: scale, length: length), 1)], outside)
            case .linear: return (Self.linearTaps(c, length: length), outside)
            case .cubic:
                return (Self.cubicTaps(c, a: configuration.cubicCoefficient, length: length, excludeOutside: configuration.excludeOutside), outside)
            }
        }
        let (entries, overflow) = resized.multipliedReportingOverflow(by: tapCount)
        guard !overflow else { throw StrataError.invalidArgument("resize tables of axis \(axis) have more entries than fit in Int") }
        try MemoryLimit.check(floats: entries * 3, "the resize tables of axis \(axis) (\(resized) outputs x \(tapCount) taps)")
        var indices = [Int](), weights = [Float](), flags = [Bool](repeating: false, count: crops ? resized : 0)
        indices.reserveCapacity(entries)
        weights.reserveCapacity(entries)
        for o in 0..<resized {
            let (taps, outside) = taps(o)
            if outside { flags[o] = true }
            for k in 0..<tapCount {
                // Antialias windows may be shorter than the widest: zero weights on the first tap pad them.
                let (index, weight) = k < taps.count ? taps[k] : (taps.first?.0 ?? 0, 0)
                indices.append(index)
                weights.append(weight)
            }
        }
        (self.taps, self.indices, self.weights) = (tapCount, indices, weights)
        extrapolated = flags.contains(true) ? flags : []
    }

    /// The input index a `nearest` output at coordinate `c` copies.
    static func nearestIndex(_ c: Float, _ rounding: NearestRounding, scale: Float, length: Int) -> Int {
        let c = c.isNaN ? -1 : min(max(c, -1), Float(length))   // out of range clamps to the edge anyway
        let index: Float = switch rounding {
        case .roundPreferFloor: c == Float(Int(c)) + 0.5 ? c.rounded(.down) : c.rounded(.toNearestOrAwayFromZero)
        case .roundPreferCeil: c.rounded(.toNearestOrAwayFromZero)
        case .floor: c.rounded(.down)
        case .ceil: c.rounded(.up)
        case .legacy: scale < 1 ? c.rounded(.up) : c.rounded(.towardZero)
        }
        return min(max(Int(index), 0), length - 1)
    }

    static func linearTaps(_ c: Float, length: Int) -> [(Int, Float)] {
        let x = c.isNaN ? 0 : min(max(c, 0), Float(length - 1))
        let i0 = min(Int(x), length - 1), i1 = min(i0 + 1, length - 1)
        if i0 == i1 { return [(i0, 0.5), (i1, 0.5)] }
        return [(i0, abs(x - Float(i1))), (i1, abs(x - Float(i0)))]
    }

    static func cubicTaps(_ c: Float, a: Float, length: Int, excludeOutside: Bool) -> [(Int, Float)] {
        let c = c.isNaN ? 0 : min(max(c, -1e7), 1e7)
        let floor = c.rounded(.down)
        let s = c - floor, start = Int(floor) - 1
        // onnxruntime's GetCubicCoeffs: Keys' kernel at distances 1 + s, s, 1 − s, 2 − s.
        var w: [Float] = [
            ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a,
            ((a + 2) * s - (a + 3)) * s * s + 1,
            ((a + 2) * (1 - s) - (a + 3)) * (1 - s) * (1 - s) + 1,
            ((a * (2 - s) - 5 * a) * (2 - s) + 8 * a) * (2 - s) - 4 * a,
        ]
        if excludeOutside {
            for k in 0..<4 where start + k < 0 || start + k >= length { w[k] = 0 }
            let sum = w[0] + w[1] + w[2] + w[3]
            for k in 0..<4 { w[k] /= sum }
        }
        return (0..<4).map { (min(max(start + $0, 0), length - 1), w[$0]) }
    }
}

/// Output index to input coordinate on one axis (``ResizeCoordinates``), in float32 as
/// onnxruntime's `GetOriginalCoordinateFromResizedCoordinate`.
struct CoordinateMapping {
    let mode: ResizeCoordinates
    let scale: Float
    let inputSize: Int, outputSize: Int
    let roiStart: Float, roiEnd: Float

    func callAsFunction(_ index: Int) -> Float {
        let x = Float(index), length = Float(inputSize), resized = Float(outputSize)
        if scale == 1 { return x }
        switch mode {
        case .halfPixel: return (x + 0.5) / scale - 0.5
        case .asymmetric: return x / scale
        case .pytorchHalfPixel: return outputSize > 1 ? (x + 0.5) / scale - 0.5 : 0
        case .tfHalfPixelForNN: return (x + 0.5) / scale
        case .alignCorners: return outputSize == 1 ? 0 : x * (length - 1) / (resized - 1)
        case .tfCropAndResize:
            guard outputSize > 1 else { return Float(0.5 * Double(roiStart + roiEnd) * Double(length - 1)) }
            return roiStart * (length - 1) + (x * (roiEnd - roiStart) * (length - 1)) / (resized - 1)
        case .halfPixelSymmetric:
            let adjustment = resized / (scale * length)
            let offset = length / 2 * (1 - adjustment)
            return Float(Double(offset) + (Double(x) + 0.5) / Double(scale) - 0.5)
        }
    }

    /// Whether coordinate `c` lies outside `[0, L − 1]` (`tf_crop_and_resize` extrapolates there).
    func isOutside(_ c: Float) -> Bool { c < 0 || c > Float(inputSize - 1) }
}
