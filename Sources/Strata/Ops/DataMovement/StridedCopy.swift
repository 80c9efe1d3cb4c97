/// The one kernel behind Slice, Split, Expand and Tile: an affine copy. The output is
/// row-major over `sizes` (outermost first), and output element `(i_0, …, i_{n−1})` reads
///
///     input[base + Σ_k i_k · strides[k]]
///
/// so a Slice is `base = Σ start·stride`, `strides = step·stride` (negative for a
/// backward step); Expand reads with stride 0 on the broadcast axes; Tile views each
/// output axis of size `r·d` as the pair `[r, d]` with strides `[0, stride]`.
///
/// At plan time axes of size 1 are dropped and neighbours merged where the outer one's
/// stride is the inner one's stride times its size (the input continues across both), so
/// a slice of whole rows is one run and a copy of everything is one memcpy. The innermost
/// merged axis is the run: stride 1 copies (memcpy), stride 0 fills, any other stride
/// steps through the input. Work is split over `workers` by output elements; each share
/// finds its first element's input offset and then advances like an odometer.
struct StridedCopy: Sendable {
    /// At most 16 merged axes: Tile's `[repeats, size]` pairs of a rank-8 input.
    static let maximumAxes = 16

    /// Output elements.
    let elementCount: Int
    /// The input offset of output element 0.
    let base: Int
    /// Merged axes, innermost first: `sizes[0]` is the run length.
    let sizes: [Int]
    let strides: [Int]

    /// `sizes` and `strides` outermost first, one pair per output axis (any count up to
    /// ``maximumAxes``); `sizes` must describe a valid shape.
    init(base: Int, sizes allSizes: [Int], strides allStrides: [Int]) {
        precondition(allSizes.count == allStrides.count && allSizes.count <= Self.maximumAxes,
                     "strided copy of \(allSizes.count) sizes and \(allStrides.count) strides")
        elementCount = allSizes.contains(0) ? 0 : allSizes.reduce(1, *)
        var merged: [(size: Int, stride: Int)] = []   // outermost first
        if elementCount > 0 {
            for (size, stride) in zip(allSizes, allStrides) where size != 1 {
                if let outer = merged.last, outer.stride == stride &* size {
                    merged[merged.count - 1] = (outer.size * size, stride)
                } else {
                    merged.append((size, stride))
                }
            }
        }
        if merged.isEmpty { merged = [(1, 1)] }
        self.base = elementCount > 0 ? base : 0
        sizes = merged.reversed().map(\.size)
        strides = merged.reversed().map(\.stride)
    }

    /// Copies into `y` (``elementCount`` floats) from `x`.
    func run(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workers: Int) {
        guard elementCount > 0 else { return }
        let shares = elementwiseShares(elementCount, workers: workers)
        parallelFor(shares, workers: workers) { share in
            let (start, end) = evenSplit(elementCount, parts: shares, part: share)
            runElements(x, y, start, end)
        }
    }

    /// Output elements `start..<end`.
    private func runElements(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ start: Int, _ end: Int) {
        let axes = sizes.count
        let (length, step) = (sizes[0], strides[0])
        // The odometer over the outer axes (index k for merged axis k >= 1) and the offset
        // of the current run's first element.
        var index = SIMD16<Int>(repeating: 0)
        var (rest, within) = start.quotientAndRemainder(dividingBy: length)
        var offset = base + within * step
        for k in 1..<max(axes, 1) {
            let i: Int
            (rest, i) = rest.quotientAndRemainder(dividingBy: sizes[k])
            index[k] = i
            offset += i * strides[k]
        }
        var position = start
        while position < end {
            let count = min(length - within, end - position)
            copyRun(x + offset, step: step, y + position, count: count)
            position += count
            offset -= within * step
            within = 0
            var k = 1
            while k < axes {
                index[k] += 1
                offset += strides[k]
                if index[k] < sizes[k] { break }
                offset -= sizes[k] * strides[k]
                index[k] = 0
                k += 1
            }
        }
    }
}

/// `y[i] = x[i · step]` for `i < count`: a memcpy for step 1, a fill for step 0.
@inline(__always)
private func copyRun(_ x: UnsafePointer<Float>, step: Int, _ y: UnsafeMutablePointer<Float>, count: Int) {
    switch step {
    case 1:
        if count >= 16 { y.update(from: x, count: count) } else { for i in 0..<count { y[i] = x[i] } }
    case 0:
        y.update(repeating: x[0], count: count)
    default:
        for i in 0..<count { y[i] = x[i * step] }
    }
}
