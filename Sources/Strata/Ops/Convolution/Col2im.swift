/// col2im, the adjoint of `im2colPanel`: every column entry is added back to the image
/// pixel that im2col would have read it from.
///
/// `geometry` is the forward convolution's: `geometry.input` is the image plane `[H, W]`,
/// `geometry.output` the column grid `[OH, OW]`. For each tap `(c, kh, kw)` and each
/// column `(oh, ow)`:
///
///     image[c, oh·SH − PT + kh·DH, ow·SW − PL + kw·DW] += col[(c·KH + kh)·KW + kw, oh·OW + ow]
///
/// (entries whose pixel falls in the padding are dropped). That is a transposed
/// convolution after its GEMM (``ConvTransposePlan``) and, reused by training, a
/// convolution's input gradient from `Wᵀ · dY`. Caffe's and PyTorch's `col2im` do the same.
///
/// - Parameters:
///   - col: `[channels·KH·KW, OH·OW]`, row-major.
///   - channels: image channels C (the rows of `col` are `C·KH·KW`).
///   - g: the window geometry: kernel, stride, dilation, padding, input `[H, W]`
///     and column grid `[OH, OW]`.
///   - image: `[channels, H, W]`; accumulated into (fill it first: zeros, or a bias).
/// Allocates nothing. Stride-1 rows are added 8 lanes at a time.
public func col2im(col: UnsafePointer<Float>, channels: Int, geometry g: WindowGeometry, image: UnsafeMutablePointer<Float>) {
    let (inH, inW) = (g.input.height, g.input.width)
    let (outH, outW) = (g.output.height, g.output.width)
    let (kH, kW) = (g.kernel.height, g.kernel.width)
    let strideW = g.stride.width
    for c in 0..<channels {
        let plane = image + c * inH * inW
        for kh in 0..<kH {
            for kw in 0..<kW {
                let row = col + ((c * kH + kh) * kW + kw) * outH * outW
                // Image column written by grid column ow is ow·SW + offsetW.
                let offsetW = kw * g.dilation.width - g.padding.left
                let (lo, hi) = validOutputRange(offset: offsetW, stride: strideW, inputSize: inW, outputSize: outW)
                guard lo < hi else { continue }
                for oh in 0..<outH {
                    let ih = oh * g.stride.height - g.padding.top + kh * g.dilation.height
                    guard ih >= 0 && ih < inH else { continue }
                    let source = row + oh * outW
                    let target = plane + ih * inW + offsetW
                    if strideW == 1 {
                        addRow(source + lo, into: target + lo, count: hi - lo)
                    } else {
                        for ow in lo..<hi { target[ow &* strideW] += source[ow] }
                    }
                }
            }
        }
    }
}

/// `target[i] += source[i]` for `i in 0..<count`, 8 lanes at a time.
@inline(__always)
func addRow(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count {
        storeVector(loadVector(target + i) + loadVector(source + i), to: target + i)
        i += 8
    }
    while i < count {
        target[i] += source[i]
        i += 1
    }
}
