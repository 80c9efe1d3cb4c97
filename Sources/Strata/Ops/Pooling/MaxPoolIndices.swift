/// How ONNX MaxPool's Indices output flattens a position (`storage_order`).
public enum IndexOrder: Int, Hashable, Sendable, CaseIterable {
    /// `plane·H·W + h·W + w` (ONNX `storage_order = 0`, the default).
    case rowMajor = 0
    /// `plane·H·W + h + w·H` (ONNX `storage_order = 1`; the plane offset stays row-major,
    /// as in onnxruntime's `MaxPool2DTask`).
    case columnMajor = 1
}

/// The flat input index of each max-pooling window's maximum (ONNX MaxPool output 1,
/// `Indices`), as float32: exact while the input has at most 2^24 elements
/// (``maximumExactElements``), which the ONNX importer checks.
///
/// The window's taps inside the input are scanned row by row, left to right; the first
/// largest value wins (ties keep the earliest, as onnxruntime's strict `>` does), and a NaN
/// wins over everything (the first NaN), matching the values output, which is NaN then.
///
/// - Parameters:
///   - g: from `Pool2dConfiguration.geometry(input:)` (which rejects all-padding windows).
///   - order: how the flat index counts (ONNX `storage_order`: row-major or column-major).
///   - input: `[planes, H, W]`.
///   - planes: N·C; the index is flat over the whole `[N, C, H, W]` input.
///   - output: `[planes, OH, OW]`, overwritten.
///   - workers: threads the planes are spread over.
public func maxPoolIndices(geometry g: WindowGeometry, order: IndexOrder, input: UnsafePointer<Float>, planes: Int,
                           output: UnsafeMutablePointer<Float>, workers: Int) {
    let (inH, inW, outH, outW) = (g.input.height, g.input.width, g.output.height, g.output.width)
    let (kH, kW, dH, dW) = (g.kernel.height, g.kernel.width, g.dilation.height, g.dilation.width)
    forEachPlane(of: g, input: input, planes: planes, output: output, workers: workers) { plane, x, y in
        let base = plane * inH * inW
        for oh in 0..<outH {
            let top = oh * g.stride.height - g.padding.top
            let (kh0, kh1) = validTaps(start: top, kernel: kH, dilation: dH, size: inH)
            for ow in 0..<outW {
                let left = ow * g.stride.width - g.padding.left
                let (kw0, kw1) = validTaps(start: left, kernel: kW, dilation: dW, size: inW)
                var (best, bestH, bestW) = (-Float.infinity, top + kh0 * dH, left + kw0 * dW)
                scan: for kh in kh0..<kh1 {
                    let h = top + kh * dH
                    for kw in kw0..<kw1 {
                        let w = left + kw * dW
                        let v = x[h * inW + w]
                        if v.isNaN {
                            (bestH, bestW) = (h, w)
                            break scan
                        }
                        if v > best { (best, bestH, bestW) = (v, h, w) }
                    }
                }
                let index = order == .rowMajor ? bestH * inW + bestW : bestH + bestW * inH
                y[oh * outW + ow] = Float(base + index)
            }
        }
    }
}

/// The largest element count whose flat indices float32 holds exactly (2^24).
public let maximumExactElements = 1 << 24
