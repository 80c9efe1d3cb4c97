/// Max and average pooling backward (PyTorch `max_pool2d_with_indices_backward`,
/// `avg_pool2d_backward`), with every padding, dilation, ceil mode and `count_include_pad`
/// the forward op supports.
///
/// Max: the training forward finds each window's maximum and remembers where it was (its
/// flat index in the `[H, W]` plane, stored as the bits of an `Int32` in `saved`, one per
/// output); the gradient goes to that pixel only. Ties go to the first maximum in row-major
/// tap order, as PyTorch; a NaN wins its window (the first NaN). Average: each output's
/// gradient is spread over the input pixels of its window, divided by the divisor the
/// forward used (see ``Pool2dConfiguration``).
extension PoolOp: TrainableOp {
    /// Plans the pooling forward (remembering the argmax for max pooling) and its backward.
    /// - Throws: the window errors of the forward op.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let x = inputs[0]
        let configuration = configuration
        let g = try configuration.geometry(input: Size2D(x[2], x[3]))
        let windows = PoolWindows(g, countIncludePad: configuration.countIncludePad)
        let planes = x[0] * x[1]
        let (inputPlane, outputPlane) = (g.input.height * g.input.width, g.output.height * g.output.width)
        let shares = min(max(workers, 1), max(planes, 1))
        // Windows that tile the input (the usual 2x2 stride 2): a loop without tables.
        let tiled = g.kernel == g.stride && g.dilation == Size2D(1, 1) && g.padding == .zero
            && g.output.height * g.stride.height <= g.input.height && g.output.width * g.stride.width <= g.input.width
        switch configuration.kind {
        case .average:
            return ClosureTrainingPlan(
                forward: { pass in
                    pool2d(configuration, geometry: g, input: pass.inputs[0], batchChannels: planes, output: pass.output,
                           workers: workers)
                },
                backward: { pass in
                    guard let dx = pass.inputGradients[0] else { return }
                    let dy = pass.outputGradient
                    parallelFor(shares, workers: workers) { share in
                        let (p0, p1) = evenSplit(planes, parts: shares, part: share)
                        for p in p0..<p1 {
                            windows.averageBackward(dy + p * outputPlane, into: dx + p * inputPlane, inputWidth: g.input.width)
                        }
                    }
                })
        case .max:
            return ClosureTrainingPlan(
                savedCount: planes * outputPlane,
                forward: { pass in
                    guard pass.mode == .train, let saved = pass.saved else {
                        pool2d(configuration, geometry: g, input: pass.inputs[0], batchChannels: planes, output: pass.output,
                               workers: workers)
                        return
                    }
                    let x = pass.inputs[0]
                    parallelFor(shares, workers: workers) { share in
                        let (p0, p1) = evenSplit(planes, parts: shares, part: share)
                        for p in p0..<p1 {
                            if tiled {
                                maxForwardTiled(x + p * inputPlane, pass.output + p * outputPlane, argmax: saved + p * outputPlane,
                                                geometry: g)
                            } else {
                                windows.maxForward(x + p * inputPlane, pass.output + p * outputPlane, argmax: saved + p * outputPlane,
                                                   inputWidth: g.input.width)
                            }
                        }
                    }
                },
                backward: { pass in
                    guard let dx = pass.inputGradients[0], let saved = pass.saved else { return }
                    let dy = pass.outputGradient
                    parallelFor(shares, workers: workers) { share in
                        let (p0, p1) = evenSplit(planes, parts: shares, part: share)
                        for p in p0..<p1 {
                            let (plane, gradient, argmax) = (dx + p * inputPlane, dy + p * outputPlane, saved + p * outputPlane)
                            for o in 0..<outputPlane { plane[Int(Int32(bitPattern: argmax[o].bitPattern))] += gradient[o] }
                        }
                    }
                })
        }
    }
}

/// The taps of every pooling window along both axes, worked out at plan time: for each
/// output row (column) the range of kernel rows (columns) inside the input, where they
/// start, and the divisor count of that axis.
struct PoolWindows: Sendable {
    struct Axis: Sendable {
        /// Per output index: input index of tap 0 (may be negative), first and end valid tap, divisor count.
        var start: [Int], first: [Int], end: [Int], count: [Int]
        let dilation: Int

        init(input: Int, output: Int, kernel: Int, stride: Int, dilation: Int, padStart: Int, padEnd: Int,
             countIncludePad: Bool) {
            (start, first, end, count) = ([], [], [], [])
            self.dilation = dilation
            for o in 0..<output {
                let s = o * stride - padStart
                let k0 = s >= 0 ? 0 : min(kernel, (-s + dilation - 1) / dilation)
                let k1 = s >= input ? 0 : min(kernel, (input - s + dilation - 1) / dilation)
                start.append(s)
                first.append(k0)
                end.append(max(k0, k1))
                // count_include_pad: the taps before the end of the padded input (Pooling.swift's rule).
                count.append(countIncludePad ? min(kernel, (input + padEnd - s + dilation - 1) / dilation) : max(k0, k1) - k0)
            }
        }
    }
    let rows: Axis, columns: Axis

    init(_ g: WindowGeometry, countIncludePad: Bool) {
        rows = Axis(input: g.input.height, output: g.output.height, kernel: g.kernel.height, stride: g.stride.height,
                    dilation: g.dilation.height, padStart: g.padding.top, padEnd: g.padding.bottom,
                    countIncludePad: countIncludePad)
        columns = Axis(input: g.input.width, output: g.output.width, kernel: g.kernel.width, stride: g.stride.width,
                       dilation: g.dilation.width, padStart: g.padding.left, padEnd: g.padding.right,
                       countIncludePad: countIncludePad)
    }

    /// One plane's average-pool gradient: `dx[tap] += dy[o] / divisor(o)` for every valid tap.
    func averageBackward(_ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, inputWidth: Int) {
        let outputWidth = columns.start.count
        for oh in rows.start.indices {
            for ow in 0..<outputWidth {
                let divisor = rows.count[oh] * columns.count[ow]
                guard divisor > 0 else { continue }
                let share = dy[oh * outputWidth + ow] / Float(divisor)
                for kh in rows.first[oh]..<rows.end[oh] {
                    let row = dx + (rows.start[oh] + kh * rows.dilation) * inputWidth + columns.start[ow]
                    for kw in columns.first[ow]..<columns.end[ow] { row[kw * columns.dilation] += share }
                }
            }
        }
    }

    /// One plane's max pooling with the flat index of each maximum (Int32 bits) in `argmax`.
    func maxForward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Float>, inputWidth: Int
    ) {
        let outputWidth = columns.start.count
        for oh in rows.start.indices {
            for ow in 0..<outputWidth {
                var (best, index) = (-Float.infinity, -1)
                search: for kh in rows.first[oh]..<rows.end[oh] {
                    let rowIndex = (rows.start[oh] + kh * rows.dilation) * inputWidth + columns.start[ow]
                    for kw in columns.first[ow]..<columns.end[ow] {
                        let i = rowIndex + kw * columns.dilation
                        // Strictly greater keeps the first of equal maxima (PyTorch); the first NaN ends the search.
                        if x[i] > best || index < 0 || x[i].isNaN {
                            (best, index) = (x[i], i)
                            if best.isNaN { break search }
                        }
                    }
                }
                y[oh * outputWidth + ow] = best
                argmax[oh * outputWidth + ow] = Float(bitPattern: UInt32(truncatingIfNeeded: Int32(index)))
            }
        }
    }
}

/// Max pooling of one plane whose windows tile it (kernel = stride, no padding, no
/// dilation, every window inside), with the flat index of each maximum in `argmax` (Int32
/// bits). Same choice as ``PoolWindows/maxForward(_:_:argmax:inputWidth:)``: the first of
/// equal maxima in row-major tap order, the first NaN. The taps are compared with selects,
/// not branches: which tap wins is random, and the mispredicted branches of the
/// table-driven loop cost a fifth of a seed-network training step. A window holding a NaN
/// (seen by `v != v`, also branch-free) is done again the careful way.
@inline(__always)
private func maxForwardTiled(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Float>, geometry g: WindowGeometry
) {
    let (kh, kw, inputWidth) = (g.kernel.height, g.kernel.width, g.input.width)
    let (outputHeight, outputWidth) = (g.output.height, g.output.width)
    for oh in 0..<outputHeight {
        let rowStart = oh * kh * inputWidth
        let vectorized = kh == 2 && kw == 2
            ? maxForward2x2(x, y + oh * outputWidth, argmax: argmax + oh * outputWidth, rowStart: rowStart,
                            inputWidth: inputWidth, outputWidth: outputWidth)
            : 0
        for ow in vectorized..<outputWidth {
            let origin = rowStart + ow * kw
            var (best, index) = (x[origin], origin)
            var sawNaN = best != best
            for r in 0..<kh {
                let row = origin + r * inputWidth
                for c in 0..<kw {
                    let v = x[row + c]
                    let take = v > best
                    best = take ? v : best
                    index = take ? row + c : index
                    sawNaN = sawNaN || v != v
                }
            }
            if sawNaN { (best, index) = firstNaN(x, origin: origin, kh: kh, kw: kw, inputWidth: inputWidth) }
            y[oh * outputWidth + ow] = best
            argmax[oh * outputWidth + ow] = Float(bitPattern: UInt32(truncatingIfNeeded: Int32(index)))
        }
    }
}

/// The first NaN of a window in row-major tap order, and its flat index.
private func firstNaN(_ x: UnsafePointer<Float>, origin: Int, kh: Int, kw: Int, inputWidth: Int) -> (Float, Int) {
    for r in 0..<kh {
        for c in 0..<kw where x[origin + r * inputWidth + c].isNaN { return (x[origin + r * inputWidth + c], origin + r * inputWidth + c) }
    }
    preconditionFailure("firstNaN called on a window without NaN")
}

/// The 2x2 windows of one output row, four at a time: two rows of eight inputs split into
/// their even and odd columns give the four taps of four windows, compared in tap order
/// with lane-wise selects. Returns the first output column left for the scalar loop (the
/// last few, or a group of four holding a NaN, which the scalar loop handles exactly).
@inline(__always)
private func maxForward2x2(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Float>,
    rowStart: Int, inputWidth: Int, outputWidth: Int
) -> Int {
    var ow = 0
    while ow + 4 <= outputWidth {
        let origin = rowStart + ow * 2
        let top = UnsafeRawPointer(x + origin).loadUnaligned(as: SIMD8<Float>.self)
        let bottom = UnsafeRawPointer(x + origin + inputWidth).loadUnaligned(as: SIMD8<Float>.self)
        let (t0, t1, t2, t3) = (top.evenHalf, top.oddHalf, bottom.evenHalf, bottom.oddHalf)
        // Tap 0's flat index for the four windows; taps 1, 2, 3 add 1, W, W + 1.
        let base = SIMD4<Int32>(0, 2, 4, 6) &+ Int32(origin)
        let w = Int32(inputWidth)
        var (best, index) = (t0, base)
        var take = t1 .> best
        best.replace(with: t1, where: take)
        index.replace(with: base &+ 1, where: take)
        take = t2 .> best
        best.replace(with: t2, where: take)
        index.replace(with: base &+ w, where: take)
        take = t3 .> best
        best.replace(with: t3, where: take)
        index.replace(with: base &+ (w + 1), where: take)
        let sawNaN = (t0 .!= t0) .| (t1 .!= t1) .| (t2 .!= t2) .| (t3 .!= t3)
        if any(sawNaN) { return ow }
        UnsafeMutableRawPointer(y + ow).storeBytes(of: best, as: SIMD4<Float>.self)
        UnsafeMutableRawPointer(argmax + ow).storeBytes(of: unsafeBitCast(index, to: SIMD4<Float>.self), as: SIMD4<Float>.self)
        ow += 4
    }
    return ow
}
