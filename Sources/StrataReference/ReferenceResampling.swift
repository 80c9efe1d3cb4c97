import Foundation

extension Reference {
    /// ONNX Resize (opsets 10-19) and Upsample, element by element: for each output element
    /// and each axis, the input indices and weights of that axis (one for "nearest", two for
    /// "linear", four for "cubic", Pillow's stretched window with `antialias`), then the sum
    /// of `x` over every combination, weighted by the product, accumulated in Double.
    /// Written independently of the engine's table-driven kernels.
    ///
    /// - `scales`, `roiStarts`, `roiEnds`: one per axis (1, 0 and 1 for axes not resized);
    ///   `outShape`: the output shape the caller worked out.
    /// - `coordinates`: "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
    ///   "align_corners", "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize".
    /// - `nearest`: "round_prefer_floor", "round_prefer_ceil", "floor", "ceil", or "legacy"
    ///   (onnxruntime's Upsample / Resize-10: ceil when the axis shrinks, else truncation).
    ///
    /// The coordinate is computed in float32, as onnxruntime does (`upsamplebase.h`), so the
    /// nearest index and the interpolation weights match its rounding.
    public static func resize(
        _ x: [Float], shape: [Int], outShape: [Int], scales: [Float], roiStarts: [Float], roiEnds: [Float],
        mode: String, coordinates: String, nearest: String = "round_prefer_floor", cubicA: Float = -0.75,
        excludeOutside: Bool = false, antialias: Bool = false, extrapolation: Float = 0
    ) -> [Float] {
        let rank = shape.count
        let count = outShape.reduce(1, *)
        if outShape == shape { return x }
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        // Per axis, per output index: the taps, and whether the output extrapolates.
        var axisTaps: [[[(Int, Double)]]] = []
        var axisOutside: [[Bool]] = []
        for axis in 0..<rank {
            var taps: [[(Int, Double)]] = [], outside: [Bool] = []
            for o in 0..<outShape[axis] {
                let (t, out) = resizeTaps(o, length: shape[axis], resized: outShape[axis], scale: scales[axis],
                                          roiStart: roiStarts[axis], roiEnd: roiEnds[axis], mode: mode, coordinates: coordinates,
                                          nearest: nearest, a: cubicA, excludeOutside: excludeOutside, antialias: antialias)
                taps.append(t)
                outside.append(out)
            }
            axisTaps.append(taps)
            axisOutside.append(outside)
        }
        var y = [Float](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: rank)
        for position in 0..<count {
            var rest = position
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                index[axis] = rest % outShape[axis]
                rest /= outShape[axis]
            }
            if (0..<rank).contains(where: { axisOutside[$0][index[$0]] }) {
                y[position] = extrapolation
                continue
            }
            // Every combination of one tap per axis, like an odometer.
            var sum = 0.0
            var choice = [Int](repeating: 0, count: rank)
            var done = (0..<rank).contains { axisTaps[$0][index[$0]].isEmpty }
            while !done {
                var weight = 1.0, offset = 0
                for axis in 0..<rank {
                    let (i, w) = axisTaps[axis][index[axis]][choice[axis]]
                    weight *= w
                    offset += i * strides[axis]
                }
                sum += weight * Double(x[offset])
                done = true
                for axis in stride(from: rank - 1, through: 0, by: -1) {
                    choice[axis] += 1
                    if choice[axis] < axisTaps[axis][index[axis]].count { done = false; break }
                    choice[axis] = 0
                }
            }
            y[position] = Float(sum)
        }
        return y
    }

    /// The input coordinate of output index `o` on one axis (ONNX Resize,
    /// coordinate_transformation_mode), in float32 as onnxruntime computes it.
    static func resizeCoordinate(_ o: Int, length: Int, resized: Int, scale: Float, roiStart: Float, roiEnd: Float,
                                 coordinates: String) -> Float {
        let x = Float(o), inLength = Float(length), outLength = Float(resized)
        switch coordinates {
        case "asymmetric": return x / scale
        case "pytorch_half_pixel": return resized > 1 ? (x + 0.5) / scale - 0.5 : 0
        case "tf_half_pixel_for_nn": return (x + 0.5) / scale
        case "align_corners": return resized == 1 ? 0 : x * (inLength - 1) / (outLength - 1)
        case "tf_crop_and_resize":
            if resized == 1 { return Float(Double(roiStart + roiEnd) / 2 * Double(inLength - 1)) }
            return roiStart * (inLength - 1) + (x * (roiEnd - roiStart) * (inLength - 1)) / (outLength - 1)
        case "half_pixel_symmetric":
            let offset = inLength / 2 * (1 - outLength / (scale * inLength))
            return Float(Double(offset) + (Double(x) + 0.5) / Double(scale) - 0.5)
        default: return (x + 0.5) / scale - 0.5   // half_pixel
        }
    }

    private static func resizeTaps(
        _ o: Int, length: Int, resized: Int, scale: Float, roiStart: Float, roiEnd: Float, mode: String, coordinates: String,
        nearest: String, a: Float, excludeOutside: Bool, antialias: Bool
    ) -> ([(Int, Double)], Bool) {
        if scale == 1 || (antialias && resized == length) { return ([(o, 1)], false) }
        let c = resizeCoordinate(o, length: length, resized: resized, scale: scale, roiStart: roiStart, roiEnd: roiEnd,
                                 coordinates: coordinates)
        let outside = coordinates == "tf_crop_and_resize" && (c < 0 || c > Float(length - 1))
        func clamp(_ i: Int) -> Int { Swift.min(Swift.max(i, 0), length - 1) }
        let cd = Double(c)
        if antialias {
            let cubic = mode == "cubic", ad = Double(a)
            let stretch = Swift.max(1, 1 / Double(scale))
            let support = (cubic ? 2.0 : 1.0) * stretch
            let center = cd + 0.5
            var first = Int(Foundation.floor(center - support + 0.5)), end = Int(Foundation.floor(center + support + 0.5))
            if Swift.max(first, 0) >= Swift.min(end, length) { return ([], outside) }
            if excludeOutside { (first, end) = (Swift.max(first, 0), Swift.min(end, length)) }
            func filter(_ d: Double) -> Double {
                let d = abs(d)
                if !cubic { return Swift.max(0, 1 - d) }
                if d < 1 { return (ad + 2) * d * d * d - (ad + 3) * d * d + 1 }
                if d < 2 { return ad * d * d * d - 5 * ad * d * d + 8 * ad * d - 4 * ad }
                return 0
            }
            var taps = (first..<end).map { (clamp($0), filter((Double($0) + 0.5 - center) / stretch)) }
            let total = taps.reduce(0) { $0 + $1.1 }
            if total != 0 { taps = taps.map { ($0.0, $0.1 / total) } }
            return (taps, outside)
        }
        switch mode {
        case "nearest":
            let down = Foundation.floor(cd), fraction = cd - down
            let i: Double = switch nearest {
            case "round_prefer_ceil": fraction >= 0.5 ? down + 1 : down
            case "floor": down
            case "ceil": Foundation.ceil(cd)
            case "legacy": scale < 1 ? Foundation.ceil(cd) : (cd < 0 ? Foundation.ceil(cd) : down)
            default: fraction > 0.5 ? down + 1 : down   // round_prefer_floor
            }
            return ([(clamp(Int(Swift.max(Swift.min(i, 1e9), -1e9))), 1)], outside)
        case "linear":
            let clamped = Swift.min(Swift.max(cd, 0), Double(length - 1))
            let i0 = Int(Foundation.floor(clamped)), fraction = clamped - Double(i0)
            return ([(i0, 1 - fraction), (clamp(i0 + 1), fraction)], outside)
        default:   // cubic: Keys (1981), taps ⌊c⌋ − 1 ... ⌊c⌋ + 2
            let ad = Double(a), base = Int(Foundation.floor(cd))
            var taps: [(Int, Double)] = []
            for i in (base - 1)...(base + 2) {
                let d = abs(cd - Double(i))
                var w = d <= 1 ? (ad + 2) * d * d * d - (ad + 3) * d * d + 1 : ad * d * d * d - 5 * ad * d * d + 8 * ad * d - 4 * ad
                if d >= 2 { w = 0 }
                if excludeOutside && (i < 0 || i >= length) { w = 0 }
                taps.append((clamp(i), w))
            }
            if excludeOutside {
                let total = taps.reduce(0) { $0 + $1.1 }
                taps = taps.map { ($0.0, $0.1 / total) }
            }
            return (taps, outside)
        }
    }

    /// ONNX DepthToSpace on `[N, C, H, W]` with block `b`: `y[n, c, h·b + i, w·b + j]` is
    /// `x[n, (i·b + j)·(C/b²) + c, h, w]` in mode "DCR", `x[n, c·b² + i·b + j, h, w]` in "CRD".
    public static func depthToSpace(_ x: [Float], shape: [Int], block b: Int, mode: String) -> [Float] {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let oc = c / (b * b)
        var y = [Float](repeating: 0, count: x.count)
        for ni in 0..<n { for ci in 0..<oc { for hi in 0..<h * b { for wi in 0..<w * b {
            let (i, j) = (hi % b, wi % b)
            let source = mode == "CRD" ? ci * b * b + i * b + j : (i * b + j) * oc + ci
            y[((ni * oc + ci) * h * b + hi) * w * b + wi] = x[((ni * c + source) * h + hi / b) * w + wi / b]
        } } } }
        return y
    }

    /// ONNX SpaceToDepth on `[N, C, H, W]` with block `b`:
    /// `y[n, (i·b + j)·C + c, h, w] = x[n, c, h·b + i, w·b + j]`.
    public static func spaceToDepth(_ x: [Float], shape: [Int], block b: Int) -> [Float] {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (h / b, w / b)
        var y = [Float](repeating: 0, count: x.count)
        for ni in 0..<n { for ci in 0..<c { for hi in 0..<h { for wi in 0..<w {
            let channel = ((hi % b) * b + wi % b) * c + ci
            y[((ni * c * b * b + channel) * oh + hi / b) * ow + wi / b] = x[((ni * c + ci) * h + hi) * w + wi]
        } } } }
        return y
    }
}
