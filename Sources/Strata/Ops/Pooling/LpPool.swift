/// Lp pooling of every `[H, W]` plane, planes spread over `workers` threads.
///
/// - Parameters:
///   - configuration: the norm's order p with the window (ONNX LpPool).
///   - g: from `configuration.geometry(input:)`.
///   - input: `[planes, H, W]` (N·C planes).
///   - planes: N·C.
///   - output: `[planes, OH, OW]`, overwritten.
///   - workers: threads the planes are spread over.
/// Each window's taps inside the input are clipped once per row and column, then reduced by
/// `lpNorm(p:count:_:)` (scaled, so huge and subnormal values stay exact). Allocates nothing.
public func lpPool2d(_ configuration: LpPoolConfiguration, geometry g: WindowGeometry, input: UnsafePointer<Float>,
                     planes: Int, output: UnsafeMutablePointer<Float>, workers: Int) {
    let (inH, inW, outH, outW) = (g.input.height, g.input.width, g.output.height, g.output.width)
    let (kH, kW, dH, dW) = (g.kernel.height, g.kernel.width, g.dilation.height, g.dilation.width)
    let p = configuration.p
    forEachPlane(of: g, input: input, planes: planes, output: output, workers: workers) { _, x, y in
        for oh in 0..<outH {
            let (kh0, kh1) = validTaps(start: oh * g.stride.height - g.padding.top, kernel: kH, dilation: dH, size: inH)
            for ow in 0..<outW {
                let (kw0, kw1) = validTaps(start: ow * g.stride.width - g.padding.left, kernel: kW, dilation: dW, size: inW)
                let columns = kw1 - kw0
                let top = oh * g.stride.height - g.padding.top, left = ow * g.stride.width - g.padding.left
                y[oh * outW + ow] = lpNorm(p: p, count: (kh1 - kh0) * columns) { i in
                    let (r, c) = i.quotientAndRemainder(dividingBy: columns)
                    return x[(top + (kh0 + r) * dH) * inW + left + (kw0 + c) * dW]
                }
            }
        }
    }
}

/// Runs `body(plane, x, y)` for every `[H, W]` input plane `x` and its `[OH, OW]` output
/// plane `y` under `g`, the planes split over `workers` threads (the plane loop of the
/// window kernels that work one plane at a time: Lp pooling, max-pool indices).
@inline(__always)
func forEachPlane(of g: WindowGeometry, input: UnsafePointer<Float>, planes: Int, output: UnsafeMutablePointer<Float>,
                  workers: Int, _ body: (_ plane: Int, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) -> Void) {
    let (inSize, outSize) = (g.input.height * g.input.width, g.output.height * g.output.width)
    let shares = min(max(workers, 1), planes)
    parallelFor(shares, workers: workers) { share in
        let (p0, p1) = evenSplit(planes, parts: shares, part: share)
        for plane in p0..<p1 { body(plane, input + plane * inSize, output + plane * outSize) }
    }
}

/// The taps `k` in `0..<kernel` whose position `start + k·dilation` lies in `[0, size)`,
/// as a half-open range (empty when none does).
@inline(__always)
func validTaps(start: Int, kernel: Int, dilation: Int, size: Int) -> (Int, Int) {
    let first = start >= 0 ? 0 : min(kernel, (-start + dilation - 1) / dilation)
    let end = start >= size ? 0 : min(kernel, (size - start + dilation - 1) / dilation)
    return (first, max(first, end))
}

/// ONNX GlobalLpPool: `y[plane] = (Σ |x|^p)^(1/p)` over each `[H·W]` plane (scaled as
/// `lpNorm(p:count:_:)`); input `[planes, H·W]`, output `[planes]`.
public func globalLpPool(p: Float, input: UnsafePointer<Float>, planes: Int, planeSize: Int,
                         output: UnsafeMutablePointer<Float>, workers: Int) {
    let shares = min(max(workers, 1), planes, max(1, planes * planeSize / elementwiseGrain))
    parallelFor(shares, workers: workers) { share in
        let (p0, p1) = evenSplit(planes, parts: shares, part: share)
        for plane in p0..<p1 {
            let x = input + plane * planeSize
            output[plane] = lpNorm(p: p, count: planeSize) { x[$0] }
        }
    }
}
