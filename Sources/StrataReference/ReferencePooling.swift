/// Everything the reference pooling needs, spelled out one number at a time.
public struct ReferencePool2dParameters: Sendable, CustomStringConvertible {
    /// Input sizes: batch N, channels C, height H, width W of the row-major `[N, C, H, W]` input.
    public var batch: Int, channels: Int, inHeight: Int, inWidth: Int
    /// The pooling window's height and width, in input pixels.
    public var kernelHeight: Int, kernelWidth: Int
    /// Step between neighbouring windows along height and width.
    public var strideHeight: Int, strideWidth: Int
    /// Spacing between the taps of one window (ONNX MaxPool's `dilations`).
    public var dilationHeight: Int, dilationWidth: Int
    /// Padding before (top, left) and after (bottom, right) the input: ignored by max, counted as
    /// zeros by average only when ``countIncludePad``.
    public var padTop: Int, padLeft: Int, padBottom: Int, padRight: Int
    /// Round the output size up instead of down (PyTorch's `ceil_mode`, ONNX `ceil_mode`): a last,
    /// partial window is kept unless it would start inside the end padding.
    public var ceilMode: Bool
    /// Average pooling divides by the whole window, padding included (PyTorch's
    /// `count_include_pad`, ONNX AveragePool's attribute), instead of by the input pixels it covers.
    public var countIncludePad: Bool

    /// Spells out one pooling; every size is taken as given.
    public init(
        batch: Int, channels: Int, inHeight: Int, inWidth: Int, kernelHeight: Int, kernelWidth: Int,
        strideHeight: Int, strideWidth: Int, dilationHeight: Int = 1, dilationWidth: Int = 1,
        padTop: Int = 0, padLeft: Int = 0, padBottom: Int = 0, padRight: Int = 0,
        ceilMode: Bool = false, countIncludePad: Bool = false
    ) {
        self.batch = batch; self.channels = channels; self.inHeight = inHeight; self.inWidth = inWidth
        self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight; self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight; self.dilationWidth = dilationWidth
        self.padTop = padTop; self.padLeft = padLeft; self.padBottom = padBottom; self.padRight = padRight
        self.ceilMode = ceilMode; self.countIncludePad = countIncludePad
    }

    /// Number of output rows: the window starts found by walking along the padded height
    /// (floor or ceil mode, as PyTorch).
    public var outHeight: Int {
        Self.windowStarts(input: inHeight, padStart: padTop, padEnd: padBottom,
                          span: dilationHeight * (kernelHeight - 1) + 1, step: strideHeight, ceilMode: ceilMode).count
    }

    /// Number of output columns, found like ``outHeight``.
    public var outWidth: Int {
        Self.windowStarts(input: inWidth, padStart: padLeft, padEnd: padRight,
                          span: dilationWidth * (kernelWidth - 1) + 1, step: strideWidth, ceilMode: ceilMode).count
    }

    /// Where the windows start, in padded coordinates, found by walking along the axis.
    /// Floor mode keeps a window only if it ends inside the padded input. Ceil mode takes a
    /// start while the window one step before it would have ended short of the padded end,
    /// so the last window may overhang the end by less than one stride (the first one too:
    /// a window longer than the padded input by less than a stride still gives one
    /// output), then drops that last window if it starts inside the end padding, as
    /// PyTorch does.
    static func windowStarts(input: Int, padStart: Int, padEnd: Int, span: Int, step: Int, ceilMode: Bool) -> [Int] {
        let padded = padStart + input + padEnd
        var starts: [Int] = []
        var start = 0
        if ceilMode {
            while start - step + span < padded {
                starts.append(start)
                start += step
            }
            if starts.count > 1 && starts.last! >= padStart + input { starts.removeLast() }
        } else {
            while start + span <= padded {
                starts.append(start)
                start += step
            }
        }
        return starts
    }

    public var description: String {
        "N\(batch) C\(channels) \(inHeight)x\(inWidth) k\(kernelHeight)x\(kernelWidth) "
            + "s\(strideHeight)x\(strideWidth) d\(dilationHeight)x\(dilationWidth) "
            + "pad(t\(padTop) l\(padLeft) b\(padBottom) r\(padRight))"
            + (ceilMode ? " ceil" : " floor") + (countIncludePad ? " include-pad" : " exclude-pad")
    }
}

extension Reference {
    /// Max pooling: `out[n, c, oy, ox]` = the largest `in[n, c, y, x]` over the taps
    /// `y = oy·sh − pt + ky·dh`, `x = ox·sw − pl + kx·dw` that fall inside the input; taps in
    /// the padding are ignored. A NaN tap makes the result NaN; a window with no tap inside
    /// the input gives −∞. Input `[N, C, H, W]`, result `[N, C, outHeight, outWidth]`.
    public static func maxPool2d<T: BinaryFloatingPoint>(input: [T], _ p: ReferencePool2dParameters) -> [T] {
        pool(input, p) { values, _ in
            var best = -T.infinity
            for v in values where v > best || v.isNaN {
                best = v
                if v.isNaN { break }
            }
            return best
        }
    }

    /// Average pooling, dilated or not (ONNX AveragePool, opset 19). The sum of the real
    /// pixels among the window's taps, divided by
    /// - without `countIncludePad`: the number of real pixels (a window with none gives NaN);
    /// - with `countIncludePad`: the number of taps that lie inside the padded input
    ///   `[−pt, H + pb) × [−pl, W + pr)`; the taps past the end padding that a ceil-mode
    ///   window overhangs are not counted (onnxruntime 1.32 does the same).
    public static func avgPool2d<T: BinaryFloatingPoint>(input: [T], _ p: ReferencePool2dParameters) -> [T] {
        pool(input, p) { values, insidePadded in
            var sum = 0.0
            for v in values { sum += Double(v) }
            return T(sum / Double(p.countIncludePad ? insidePadded : values.count))
        }
    }

    /// Gathers each window's real pixels (and the number of its taps inside the padded
    /// input) and hands them to `reduce`.
    private static func pool<T: BinaryFloatingPoint>(
        _ input: [T], _ p: ReferencePool2dParameters, _ reduce: ([T], Int) -> T
    ) -> [T] {
        let outHeight = p.outHeight, outWidth = p.outWidth
        var output = [T](repeating: 0, count: p.batch * p.channels * outHeight * outWidth)
        for n in 0..<p.batch {
            for c in 0..<p.channels {
                for oy in 0..<outHeight {
                    for ox in 0..<outWidth {
                        var values: [T] = []
                        var insidePadded = 0
                        for ky in 0..<p.kernelHeight {
                            for kx in 0..<p.kernelWidth {
                                let y = oy * p.strideHeight - p.padTop + ky * p.dilationHeight
                                let x = ox * p.strideWidth - p.padLeft + kx * p.dilationWidth
                                if y < p.inHeight + p.padBottom && x < p.inWidth + p.padRight { insidePadded += 1 }
                                if y < 0 || y >= p.inHeight || x < 0 || x >= p.inWidth { continue }
                                values.append(input[((n * p.channels + c) * p.inHeight + y) * p.inWidth + x])
                            }
                        }
                        output[((n * p.channels + c) * outHeight + oy) * outWidth + ox] = reduce(values, insidePadded)
                    }
                }
            }
        }
        return output
    }

    /// `out[n, c] = (1 / (H·W)) Σ_{y, x} in[n, c, y, x]`; input `[N, C, H, W]`, result `[N, C]`
    /// (that is `[N, C, 1, 1]`).
    public static func globalAveragePool<T: BinaryFloatingPoint>(input: [T], batch: Int, channels: Int, height: Int, width: Int) -> [T] {
        (0..<batch * channels).map { plane in
            var sum = 0.0
            for i in 0..<height * width { sum += Double(input[plane * height * width + i]) }
            return T(sum / Double(height * width))
        }
    }

    /// `out[n, c] = max_{y, x} in[n, c, y, x]`, NaN if the plane holds a NaN.
    public static func globalMaxPool<T: BinaryFloatingPoint>(input: [T], batch: Int, channels: Int, height: Int, width: Int) -> [T] {
        (0..<batch * channels).map { plane in
            let values = input[plane * height * width ..< (plane + 1) * height * width]
            return values.contains { $0.isNaN } ? .nan : values.max()!
        }
    }
}
