/// Direct depthwise convolution of one output channel plane.
///
/// Precondition (``ConvAlgorithm/isApplicable(to:geometry:)``): groups == in
/// channels, so output channel `oc` reads only input channel `oc / multiplier`. As a GEMM
/// that would be M = 1 per group, which wastes most of sgemm; here each kernel tap is one
/// multiply-add sweep along an output row, which the compiler vectorizes.
///
/// - Parameters:
///   - plane: the input channel `[H, W]`.
///   - taps: this output channel's weights `[KH, KW]`.
///   - output: the output channel `[OH, OW]`, overwritten.
@inline(__always)
func depthwisePlane(
    plane: UnsafePointer<Float>, taps: UnsafePointer<Float>, bias: Float,
    geometry g: WindowGeometry, output: UnsafeMutablePointer<Float>
) {
    let (inH, inW) = (g.input.height, g.input.width)
    let (outH, outW) = (g.output.height, g.output.width)
    let strideW = g.stride.width
    for oh in 0..<outH {
        let outRow = output + oh * outW
        outRow.update(repeating: bias, count: outW)
        for kh in 0..<g.kernel.height {
            let ih = oh * g.stride.height - g.padding.top + kh * g.dilation.height
            guard ih >= 0 && ih < inH else { continue }
            let inRow = plane + ih * inW
            for kw in 0..<g.kernel.width {
                let weight = taps[kh * g.kernel.width + kw]
                let offset = kw * g.dilation.width - g.padding.left
                let (lo, hi) = validOutputRange(offset: offset, stride: strideW, inputSize: inW, outputSize: outW)
                let source = inRow + offset
                if strideW == 1 {
                    for ow in lo..<hi { outRow[ow] += weight * source[ow] }
                } else {
                    for ow in lo..<hi { outRow[ow] += weight * source[ow * strideW] }
                }
            }
        }
    }
}
