/// im2col for one image and one channel group, restricted to a panel of output columns.
///
/// `col: [channels·KH·KW, width]` receives, for every output pixel `j` in
/// `[columnStart, columnStart + width)` (row-major over the output plane) and every
/// kernel tap `(c, kh, kw)`, the input pixel that tap reads, or 0 in the padding.
/// Working per panel keeps the column buffer small enough to stay in cache while the
/// GEMM that follows reads it (the MLAS approach).
///
/// - Parameters:
///   - input: `[channels, H, W]`, the group's first channel.
///   - columnStart: first output pixel (flattened `oh·OW + ow`) of the panel.
///   - width: panel width, also `col`'s row stride.
@inline(__always)
func im2colPanel(
    input: UnsafePointer<Float>, channels: Int, geometry g: WindowGeometry,
    columnStart: Int, width: Int, col: UnsafeMutablePointer<Float>
) {
    let (inH, inW) = (g.input.height, g.input.width)
    let (kH, kW) = (g.kernel.height, g.kernel.width)
    for c in 0..<channels {
        let plane = input + c * inH * inW
        for kh in 0..<kH {
            for kw in 0..<kW {
                let row = col + ((c * kH + kh) * kW + kw) * width
                im2colRow(plane: plane, geometry: g, kh: kh, kw: kw, columnStart: columnStart, width: width, row: row)
            }
        }
    }
}

/// One row of the column matrix: the input pixel read by tap `(kh, kw)` for each output
/// pixel of the panel, walked one output row (a run of `ow`) at a time.
@inline(__always)
private func im2colRow(
    plane: UnsafePointer<Float>, geometry g: WindowGeometry, kh: Int, kw: Int,
    columnStart: Int, width: Int, row: UnsafeMutablePointer<Float>
) {
    let (inH, inW, outW) = (g.input.height, g.input.width, g.output.width)
    let strideW = g.stride.width
    // Input column read at output column ow is ow·strideW + offsetW.
    let offsetW = kw * g.dilation.width - g.padding.left
    let (validStart, validEnd) = validOutputRange(offset: offsetW, stride: strideW, inputSize: inW, outputSize: outW)
    var j = 0
    var oh = columnStart / outW
    var ow = columnStart % outW
    while j < width {
        let runEnd = min(outW, ow + (width - j))      // this run covers ow..<runEnd
        let dst = row + j - ow                         // dst[ow] is this run's slot for ow
        let ih = oh * g.stride.height - g.padding.top + kh * g.dilation.height
        if ih < 0 || ih >= inH {
            (dst + ow).update(repeating: 0, count: runEnd - ow)
        } else {
            let source = plane + ih * inW + offsetW
            let lo = min(max(ow, validStart), runEnd)
            let hi = max(min(runEnd, validEnd), lo)
            (dst + ow).update(repeating: 0, count: lo - ow)
            copyStrided(from: source + lo * strideW, stride: strideW, count: hi - lo, to: dst + lo)
            (dst + hi).update(repeating: 0, count: runEnd - hi)
        }
        j += runEnd - ow
        ow = 0
        oh += 1
    }
}

/// `destination[i] = source[i · stride]` for `i in 0..<count`. Stride 1 is a memcpy;
/// stride 2 (every strided ResNet/MobileNet layer) deinterleaves 16 floats at a time with
/// SIMD shuffles, since a scalar gather would cost as much as the GEMM on small layers.
@inline(__always)
func copyStrided(from source: UnsafePointer<Float>, stride: Int, count: Int, to destination: UnsafeMutablePointer<Float>) {
    switch stride {
    case 1:
        destination.update(from: source, count: count)
    case 2:
        var i = 0
        // A step of w outputs reads source[2i ..< 2i + 2w]; the caller vouches only for the
        // first 2·count − 1 elements, hence `i + w < count` rather than `<=`.
        while i + 16 < count {
            let pair = UnsafeRawPointer(source + 2 * i).loadUnaligned(as: SIMD32<Float>.self)
            UnsafeMutableRawPointer(destination + i).storeBytes(of: pair.evenHalf, as: SIMD16<Float>.self)
            i += 16
        }
        if i + 8 < count {
            let pair = UnsafeRawPointer(source + 2 * i).loadUnaligned(as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(destination + i).storeBytes(of: pair.evenHalf, as: SIMD8<Float>.self)
            i += 8
        }
        if i + 4 < count {
            let pair = UnsafeRawPointer(source + 2 * i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(destination + i).storeBytes(of: pair.evenHalf, as: SIMD4<Float>.self)
            i += 4
        }
        while i < count {
            destination[i] = source[2 * i]
            i += 1
        }
    default:
        for i in 0..<count { destination[i] = source[i * stride] }
    }
}
