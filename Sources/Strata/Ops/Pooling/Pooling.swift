/// 2-D max or average pooling of every `[H, W]` plane, planes spread over `workers` threads.
///
/// - Parameters:
///   - configuration: max or average, with the window, ceil mode and `count_include_pad`.
///   - g: from `configuration.geometry(input:)` (which rejects all-padding windows).
///   - input: `[N·C, H, W]`.
///   - batchChannels: planes, N·C.
///   - output: `[N·C, OH, OW]`, overwritten.
///   - workers: threads the planes are spread over.
///
/// The interior columns, whose windows lie inside the input horizontally, are the same
/// for every row and plane and are found once (`validOutputRange` of the first and last
/// tap). There 8 outputs are reduced at a time in SIMD registers without bounds checks,
/// over the rows `kh` valid for that output row, with two accumulators so the add or max
/// latency does not serialize the taps. Only the few border columns clip their taps one
/// by one. Allocates nothing.
public func pool2d(
    _ configuration: Pool2dConfiguration, geometry g: WindowGeometry, input: UnsafePointer<Float>,
    batchChannels: Int, output: UnsafeMutablePointer<Float>, workers: Int
) {
    let (first, _) = validOutputRange(offset: -g.padding.left, stride: g.stride.width,
                                      inputSize: g.input.width, outputSize: g.output.width)
    let (_, lastEnd) = validOutputRange(offset: (g.kernel.width - 1) * g.dilation.width - g.padding.left,
                                        stride: g.stride.width, inputSize: g.input.width, outputSize: g.output.width)
    let interior = first..<max(first, lastEnd)
    let (inputPlane, outputPlane) = (g.input.height * g.input.width, g.output.height * g.output.width)
    let shares = min(max(workers, 1), batchChannels)
    parallelFor(shares, workers: workers) { share in
        let (p0, p1) = evenSplit(batchChannels, parts: shares, part: share)
        for p in p0..<p1 {
            let (plane, out) = (input + p * inputPlane, output + p * outputPlane)
            switch configuration.kind {
            case .max: poolPlane(MaxReduction.self, false, g, interior, plane, out)
            case .average: poolPlane(SumReduction.self, configuration.countIncludePad, g, interior, plane, out)
            }
        }
    }
}

/// How a window's pixels are combined: one by one, or 8 outputs at a time into an
/// accumulator, then finished with `scale` = 1 / divisor (ignored by the max).
private protocol PoolReduction {
    associatedtype Accumulator
    static var identity: Float { get }
    static func combine(_ acc: Float, _ x: Float) -> Float
    static var empty: Accumulator { get }
    static func combine(_ acc: inout Accumulator, _ x: SIMD8<Float>)
    static func finish(_ a: Accumulator, _ b: Accumulator, scale: Float) -> SIMD8<Float>
}

/// Max with NaN winning. Scalar: once `acc` is NaN no `x > acc` holds. SIMD: `x > acc ?
/// x : acc` compiles to one `maxps`; NaNs are collected in a mask beside it.
private enum MaxReduction: PoolReduction {
    static var identity: Float { -.infinity }
    @inline(__always) static func combine(_ acc: Float, _ x: Float) -> Float { x > acc || x != x ? x : acc }
    static var empty: (SIMD8<Float>, SIMDMask<SIMD8<Int32>>) { (SIMD8(repeating: -.infinity), .init(repeating: false)) }
    @inline(__always) static func combine(_ acc: inout (SIMD8<Float>, SIMDMask<SIMD8<Int32>>), _ x: SIMD8<Float>) {
        acc.0.replace(with: x, where: x .> acc.0)
        acc.1 .|= x .!= x
    }
    @inline(__always) static func finish(
        _ a: (SIMD8<Float>, SIMDMask<SIMD8<Int32>>), _ b: (SIMD8<Float>, SIMDMask<SIMD8<Int32>>), scale: Float
    ) -> SIMD8<Float> {
        a.0.replacing(with: b.0, where: b.0 .> a.0).replacing(with: .nan, where: a.1 .| b.1)
    }
}

private enum SumReduction: PoolReduction {
    static var identity: Float { 0 }
    @inline(__always) static func combine(_ acc: Float, _ x: Float) -> Float { acc + x }
    static var empty: SIMD8<Float> { .zero }
    @inline(__always) static func combine(_ acc: inout SIMD8<Float>, _ x: SIMD8<Float>) { acc += x }
    @inline(__always) static func finish(_ a: SIMD8<Float>, _ b: SIMD8<Float>, scale: Float) -> SIMD8<Float> { (a + b) * scale }
}

/// Outputs `ow ..< ow + 8` of one row: `taps[kh·rowStep + ow·S + kw·D]` is tap (kh, kw) of
/// output `ow`, every one inside the plane. Even `kw` go to one accumulator, odd to the other.
@inline(__always)
private func reduceBlock<R: PoolReduction>(
    _: R.Type, _ taps: UnsafePointer<Float>, rows: Range<Int>, rowStep: Int, kW: Int, dilationW: Int, scale: Float,
    load: (UnsafePointer<Float>) -> SIMD8<Float>
) -> SIMD8<Float> {
    var (even, odd) = (R.empty, R.empty)
    for kh in rows {
        let row = taps + kh &* rowStep
        var kw = 0
        while kw &+ 1 < kW {
            R.combine(&even, load(row + kw &* dilationW))
            R.combine(&odd, load(row + (kw &+ 1) &* dilationW))
            kw &+= 2
        }
        if kw < kW { R.combine(&even, load(row + kw &* dilationW)) }
    }
    return R.finish(even, odd, scale: scale)
}

/// One plane: `plane: [H, W]` → `output: [OH, OW]`. `countIncludePad` only matters for
/// the average (divisors in ``Pool2dConfiguration``).
@inline(__always)
private func poolPlane<R: PoolReduction>(
    _: R.Type, _ countIncludePad: Bool, _ g: WindowGeometry, _ interior: Range<Int>,
    _ plane: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>
) {
    let (inH, inW, outW) = (g.input.height, g.input.width, g.output.width)
    let (kH, kW, strideW) = (g.kernel.height, g.kernel.width, g.stride.width)
    let (dilationH, dilationW) = (g.dilation.height, g.dilation.width)
    let isAverage = R.self == SumReduction.self
    // Block starts in [interior.lowerBound, lastBlock] keep every load inside the plane.
    // Stride 2 loads 16 floats for 8 outputs, one past the last tap of output ow + 7, so
    // output ow + 8 must be interior too. Other strides use the scalar loop.
    let lastBlock = strideW == 1 ? interior.upperBound - 8 : strideW == 2 ? interior.upperBound - 9 : -1
    for oh in 0..<g.output.height {
        let outRow = output + oh * outW
        // Taps kh in `rows` read input rows start + kh·D inside [0, H).
        let start = oh * g.stride.height - g.padding.top
        let khStart = start >= 0 ? 0 : min(kH, (-start + dilationH - 1) / dilationH)
        let khEnd = start >= inH ? 0 : min(kH, (inH - start + dilationH - 1) / dilationH)
        let rows = khStart..<max(khStart, khEnd)
        let rowCount = countIncludePad ? tapsBefore(inH + g.padding.bottom, start: start, kernel: kH, dilation: dilationH) : rows.count
        // base[kh·D·W + ow·S + kw·D] is tap (kh, kw) of output column ow (in bounds only for valid taps).
        let base = plane + start * inW - g.padding.left
        let rowStep = dilationH * inW
        let scale = isAverage ? 1 / Float(rowCount * kW) : 1
        var ow = interior.lowerBound
        if lastBlock >= ow {
            // Whole blocks, then one last block overlapping the previous one (outputs are
            // recomputed, not accumulated, so writing some twice is harmless).
            while true {
                let block = min(ow, lastBlock)
                let taps = base + block &* strideW
                let values = strideW == 1
                    ? reduceBlock(R.self, taps, rows: rows, rowStep: rowStep, kW: kW, dilationW: dilationW, scale: scale) {
                        UnsafeRawPointer($0).loadUnaligned(as: SIMD8<Float>.self)
                    }
                    : reduceBlock(R.self, taps, rows: rows, rowStep: rowStep, kW: kW, dilationW: dilationW, scale: scale) {
                        UnsafeRawPointer($0).loadUnaligned(as: SIMD16<Float>.self).evenHalf
                    }
                UnsafeMutableRawPointer(outRow + block).storeBytes(of: values, as: SIMD8<Float>.self)
                if block == lastBlock { break }
                ow += 8
            }
            ow = lastBlock + 8
        }
        while ow < interior.upperBound {
            var acc = R.identity
            for kh in rows {
                let taps = base + kh &* rowStep + ow &* strideW
                for kw in 0..<kW { acc = R.combine(acc, taps[kw &* dilationW]) }
            }
            outRow[ow] = isAverage ? acc * scale : acc
            ow += 1
        }
        @inline(__always) func border(_ columns: Range<Int>) {
            for ow in columns {
                let columnStart = ow * strideW - g.padding.left
                let kwStart = columnStart >= 0 ? 0 : min(kW, (-columnStart + dilationW - 1) / dilationW)
                let kwEnd = columnStart >= inW ? 0 : min(kW, (inW - columnStart + dilationW - 1) / dilationW)
                var acc = R.identity
                for kh in rows {
                    let taps = base + kh * rowStep + ow * strideW
                    for kw in kwStart..<max(kwStart, kwEnd) { acc = R.combine(acc, taps[kw * dilationW]) }
                }
                let columnCount = countIncludePad
                    ? tapsBefore(inW + g.padding.right, start: columnStart, kernel: kW, dilation: dilationW) : kwEnd - kwStart
                outRow[ow] = isAverage ? acc / Float(rowCount * columnCount) : acc
            }
        }
        border(0..<interior.lowerBound)
        border(interior.upperBound..<outW)
    }
}

/// The taps `start + k·D` (k in 0..<K) before `end`, the end of the padded input: the
/// count_include_pad divisor along one axis. `start < end` holds for every window.
@inline(__always)
private func tapsBefore(_ end: Int, start: Int, kernel: Int, dilation: Int) -> Int {
    min(kernel, (end - start + dilation - 1) / dilation)
}
