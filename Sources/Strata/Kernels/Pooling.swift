/// What a pooling window reduces its pixels to.
public enum PoolKind: String, Hashable, Sendable, CaseIterable {
    /// The largest pixel; padding counts as −∞ (never selected). A NaN in the window
    /// makes the result NaN, as in PyTorch.
    case max
    /// The mean; padding counts as 0 and the divisor is set by ``Pool2dConfiguration/countIncludePad``.
    case average
}

/// The hyper-parameters of 2-D max or average pooling (PyTorch `MaxPool2d`/`AvgPool2d`,
/// ONNX `MaxPool`/`AveragePool`), independent of any input size.
///
/// The output size is ``WindowGeometry``'s: with `E = D·(K−1) + 1`,
/// `O = floor|ceil((I + P0 + P1 − E) / S) + 1`, and in ceil mode a last window starting
/// inside the end padding is dropped.
///
/// Average divisor for the window of output `(oh, ow)` (one axis shown; the divisor is
/// the product of both axes' counts):
///
///     start = oh·S − P0                          // input row of the first tap, may be < 0
///     countIncludePad == false:  count = |[start, start + K) ∩ [0, I)|      (real pixels)
///     countIncludePad == true:   count = min(start + K, I + P1) − start     (PyTorch's rule)
///
/// so with `countIncludePad` the start padding counts in full, but a ceil-mode window that
/// runs past the end padding is divided by fewer than K·K elements (PyTorch and
/// onnxruntime agree). Note PyTorch's default is `count_include_pad=True`, ONNX's is 0.
///
/// Padding may exceed half the kernel (ONNX allows it, PyTorch does not), but a window
/// that reads only padding has no defined maximum (and 0/0 as an average without padding
/// counted), so ``geometry(input:)`` rejects such a configuration. With
/// `countIncludePad` such a window is well defined (0 / count = 0) and allowed.
public struct Pool2dConfiguration: Hashable, Sendable, CustomStringConvertible {
    public var kind: PoolKind
    public var kernel: Size2D
    public var stride: Size2D
    public var padding: Padding
    /// Spacing of the taps; max pooling only (average pooling has no dilation).
    public var dilation: Size2D
    /// Round the output size up instead of down (PyTorch `ceil_mode`).
    public var ceilMode: Bool
    /// Average pooling only: divide by the window clipped to the padded input rather than
    /// by the real pixels in it (see the type's documentation).
    public var countIncludePad: Bool

    /// `stride` has no default because PyTorch (stride = kernel) and ONNX (stride = 1) differ.
    public init(
        kind: PoolKind, kernel: Size2D, stride: Size2D, padding: Padding = .valid, dilation: Size2D = 1,
        ceilMode: Bool = false, countIncludePad: Bool = false
    ) {
        (self.kind, self.kernel, self.stride, self.padding) = (kind, kernel, stride, padding)
        (self.dilation, self.ceilMode, self.countIncludePad) = (dilation, ceilMode, countIncludePad)
    }

    public static func max(
        kernel: Size2D, stride: Size2D, padding: Padding = .valid, dilation: Size2D = 1, ceilMode: Bool = false
    ) -> Pool2dConfiguration {
        Pool2dConfiguration(kind: .max, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    public static func average(
        kernel: Size2D, stride: Size2D, padding: Padding = .valid, ceilMode: Bool = false, countIncludePad: Bool = false
    ) -> Pool2dConfiguration {
        Pool2dConfiguration(kind: .average, kernel: kernel, stride: stride, padding: padding,
                            ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    public var description: String {
        "\(kind) pool kernel \(kernel) stride \(stride) padding \(padding) dilation \(dilation)"
            + (ceilMode ? " ceil" : " floor") + (kind == .average ? (countIncludePad ? " include-pad" : " exclude-pad") : "")
    }

    /// Checks everything that does not depend on the input size.
    public func validate() throws {
        for (name, value) in [("kernel", kernel), ("stride", stride), ("dilation", dilation)] {
            guard value.height >= 1, value.width >= 1 else {
                throw StrataError.invalidArgument(
                    "pool \(name) must be >= 1 on both axes, got \(value.height)x\(value.width)")
            }
        }
        guard kind == .max || dilation == 1 else {
            throw StrataError.invalidArgument(
                "average pooling has no dilation, got dilation \(dilation.height)x\(dilation.width); only max pooling is dilated")
        }
    }

    /// The window arithmetic for an `input` plane; throws if the window does not fit the
    /// padded input or if some window would read only padding (see the type's documentation).
    public func geometry(input: Size2D) throws -> WindowGeometry {
        try validate()
        let g = try WindowGeometry(
            input: input, kernel: kernel, stride: stride, dilation: dilation, padding: padding, ceilMode: ceilMode)
        if kind == .max || !countIncludePad {
            try checkEveryWindowReadsInput(
                axis: "row", input: g.input.height, output: g.output.height, kernel: g.kernel.height,
                stride: g.stride.height, dilation: g.dilation.height, padStart: g.padding.top, padEnd: g.padding.bottom)
            try checkEveryWindowReadsInput(
                axis: "column", input: g.input.width, output: g.output.width, kernel: g.kernel.width,
                stride: g.stride.width, dilation: g.dilation.width, padStart: g.padding.left, padEnd: g.padding.right)
        }
        return g
    }

    /// `[N, C, H, W]` → `[N, C, OH, OW]`.
    public func outputShape(input: Shape) throws -> Shape {
        guard input.rank == 4 else {
            throw StrataError.invalidShape(
                "pool input has shape \(input) (rank \(input.rank)); expected rank 4 [N, C, H, W]")
        }
        guard input[2] >= 1 && input[3] >= 1 else {
            throw StrataError.invalidShape(
                "pool input has shape \(input) with an empty plane (H \(input[2]), W \(input[3])); expected H and W >= 1 "
                    + "(only N or C may be 0, as in onnxruntime)")
        }
        let g = try geometry(input: Size2D(height: input[2], width: input[3]))
        return try Shape([input[0], input[1], g.output.height, g.output.width])
    }

    /// A 2-D window reads an input pixel iff each axis has a tap inside the input, so
    /// checking the axes one by one is enough. Window `o`'s taps are at `o·S − P0 + k·D`.
    private func checkEveryWindowReadsInput(
        axis: String, input: Int, output: Int, kernel: Int, stride: Int, dilation: Int, padStart: Int, padEnd: Int
    ) throws {
        for o in 0..<output {
            let start = o * stride - padStart
            let firstTap = start >= 0 ? 0 : (-start + dilation - 1) / dilation   // first k with tap >= 0
            if firstTap < kernel && start + firstTap * dilation < input { continue }
            let what = kind == .max ? "has no maximum" : "would divide 0 by 0 (count_include_pad is off)"
            let taps = kernel == 1 ? "\(start)" : "\(start), \(start + dilation)\(kernel > 2 ? ", ..." : "")"
            throw StrataError.invalidArgument(
                "\(kind) pooling: output \(axis) \(o) of \(output) reads only padding and \(what): input \(input), "
                    + "padding \(padStart) + \(padEnd), kernel \(kernel), dilation \(dilation), stride \(stride) "
                    + "put its taps at \(taps), outside 0..<\(input); reduce the padding")
        }
    }
}

/// 2-D max or average pooling of every `[H, W]` plane, planes spread over `workers` threads.
///
/// - Parameters:
///   - geometry: from `configuration.geometry(input:)` (which rejects all-padding windows).
///   - input: `[N·C, H, W]` (`batchChannels` = N·C planes).
///   - output: `[N·C, OH, OW]`, overwritten.
///
/// The interior columns, whose windows lie inside the input horizontally, are the same
/// for every row and plane and are found once (``validOutputRange`` of the first and last
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
        let rowCount = countIncludePad ? min(start + kH, inH + g.padding.bottom) - start : rows.count
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
                let columnCount = countIncludePad ? min(columnStart + kW, inW + g.padding.right) - columnStart : kwEnd - kwStart
                outRow[ow] = isAverage ? acc / Float(rowCount * columnCount) : acc
            }
        }
        border(0..<interior.lowerBound)
        border(interior.upperBound..<outW)
    }
}
