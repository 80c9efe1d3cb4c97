/// The input plane as the depthwise kernels read it: zero-padded, so every output is an
/// interior one (no bounds checks, no border code, whole vector blocks on every row), and
/// with each row split into `S` phases at stride `S` along the row (padded columns 0, S,
/// 2S, ..., then 1, S+1, ..., and so on), so that every tap of every output block is one
/// unit-stride load: output column `ow`'s tap `c` is padded column `S·ow + c·D` = phase
/// `(c·D) mod S`, index `ow + ⌊c·D / S⌋` (``columnOffset(tap:dilation:)``).
///
/// Only what the windows read is kept: `(OH−1)·SH + (KH−1)·DH + 1` rows of
/// `(OW−1)·SW + (KW−1)·DW + 1` floats, the input at row ``top``, column ``left``. A
/// convolution without padding at stride 1 along the row reads its input in place
/// (``isCopied`` false). The copy is one pass over the input plane, which the kernel then
/// reads from cache. (Splitting each row into scalar borders and a vector interior
/// instead cost more than the interior itself on MobileNetV2's 7x7 and 14x14 planes, and
/// stride-2 blocks gathered from unsplit rows took two loads and a shuffle per tap.)
struct DepthwisePaddedPlane {
    /// Rows, and floats per row (all phases).
    let height: Int, width: Int
    let top: Int, left: Int
    /// Input rows and columns inside the padded plane (the rest of the input is never read).
    let inputRows: Int, inputColumns: Int
    /// Phases per row: the stride along the row when the plane is copied, else 1.
    let phases: Int
    /// Whether the input is copied: any padding, or a stride above 1 along the row.
    let isCopied: Bool

    init(_ g: WindowGeometry) {
        isCopied = g.padding != .zero || g.stride.width > 1
        height = (g.output.height - 1) * g.stride.height + (g.kernel.height - 1) * g.dilation.height + 1
        let padded = (g.output.width - 1) * g.stride.width + (g.kernel.width - 1) * g.dilation.width + 1
        width = isCopied ? padded : g.input.width
        phases = isCopied ? g.stride.width : 1
        (top, left) = (g.padding.top, g.padding.left)
        inputRows = max(0, min(g.input.height, height - top))
        inputColumns = max(0, min(g.input.width, padded - left))
    }

    /// Floats of one prepared plane, 0 when the input is read in place.
    var count: Int { isCopied ? height * width : 0 }

    /// Where phase `phase` starts in a row, and its length.
    func phase(_ phase: Int) -> (start: Int, count: Int) {
        let length = { (p: Int) in (width - p + phases - 1) / phases }
        return ((0..<phase).reduce(0) { $0 + length($1) }, length(phase))
    }

    /// Tap `tap`'s offset from output column 0 in a prepared row.
    func columnOffset(tap: Int, dilation: Int) -> Int {
        let column = tap * dilation
        return phase(column % phases).start + column / phases
    }

    /// The indices `[first, end)` of phase `phase` that hold input columns (the others are padding).
    private func inputSpan(_ phase: Int) -> (first: Int, end: Int) {
        func ceilingQuotient(_ a: Int) -> Int { a <= 0 ? 0 : (a + phases - 1) / phases }
        let first = ceilingQuotient(left - phase)
        return (first, max(first, ceilingQuotient(left + inputColumns - phase)))
    }

    /// Zeros the padding of `buffer` (``count`` floats), which ``copy(_:inputWidth:into:)``
    /// never writes: once per buffer and run, before its first plane.
    func zeroPadding(_ buffer: UnsafeMutablePointer<Float>) {
        buffer.update(repeating: 0, count: top * width)
        let below = top + inputRows
        (buffer + below * width).update(repeating: 0, count: (height - below) * width)
        for p in 0..<phases {
            let (start, length) = phase(p)
            let (first, end) = inputSpan(p)
            for row in top..<below {
                (buffer + row * width + start).update(repeating: 0, count: first)
                (buffer + row * width + start + end).update(repeating: 0, count: length - end)
            }
        }
    }

    /// Copies the input plane `[H, inputWidth]` into `buffer`'s input positions.
    func copy(_ plane: UnsafePointer<Float>, inputWidth: Int, into buffer: UnsafeMutablePointer<Float>) {
        switch phases {
        case 1:
            for row in 0..<inputRows {
                copyRow(plane + row * inputWidth, count: inputColumns, into: buffer + (top + row) * width + left)
            }
        case 2:
            // Input column i is padded column left + i: phase (left + i) mod 2, index ⌊(left + i)/2⌋.
            let second = phase(1).start
            let (even, odd) = left % 2 == 0 ? (left / 2, second + left / 2) : (second + left / 2, (left + 1) / 2)
            for row in 0..<inputRows {
                let destination = buffer + (top + row) * width
                deinterleave(plane + row * inputWidth, count: inputColumns, even: destination + even, odd: destination + odd)
            }
        default:
            for p in 0..<phases {
                let start = phase(p).start
                let (first, end) = inputSpan(p)
                // Phase index j holds input column S·j + p − left.
                let column = phases * first + p - left
                for row in 0..<inputRows {
                    let (source, destination) = (plane + row * inputWidth + column, buffer + (top + row) * width + start + first)
                    for j in 0..<end - first { destination[j] = source[j * phases] }
                }
            }
        }
    }
}

/// `destination[i] = source[i]` for `i < count`: vectors of 8 (4 for short rows), the
/// last one overlapping the one before it, no call (rows of 7 to 112 floats; a memmove
/// call per row cost more than the copy on 7x7 planes).
@inline(__always)
private func copyRow(_ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<Float>) {
    if count >= 8 {
        var i = 0
        while true {
            storeVector(loadVector(source + i), to: destination + i)
            if i == count - 8 { break }
            i = min(i + 8, count - 8)
        }
    } else if count >= 4 {
        let tail = count - 4
        let (head, end) = (Lanes4.load(source), Lanes4.load(source + tail))
        Lanes4.store(head, destination)
        Lanes4.store(end, destination + tail)
    } else {
        for i in 0..<count { destination[i] = source[i] }
    }
}

/// `even[k] = source[2k]`, `odd[k] = source[2k + 1]` for the `count` floats of `source`:
/// blocks of 16, then of 8, the last block starting at an even column and overlapping
/// the one before it; an odd count leaves one float.
@inline(__always)
private func deinterleave(
    _ source: UnsafePointer<Float>, count: Int, even: UnsafeMutablePointer<Float>, odd: UnsafeMutablePointer<Float>
) {
    var i = 0
    while i + 16 <= count {
        let (a, b) = (loadVector(source + i), loadVector(source + i + 8))
        storeVector(FloatVector(a[0], a[2], a[4], a[6], b[0], b[2], b[4], b[6]), to: even + i / 2)
        storeVector(FloatVector(a[1], a[3], a[5], a[7], b[1], b[3], b[5], b[7]), to: odd + i / 2)
        i += 16
    }
    if count >= 8 {
        let last = (count - 8) & ~1
        while i < count - 1 {
            i = min(i, last)
            let a = loadVector(source + i)
            Lanes4.store(SIMD4(a[0], a[2], a[4], a[6]), even + i / 2)
            Lanes4.store(SIMD4(a[1], a[3], a[5], a[7]), odd + i / 2)
            i += 8
        }
    } else {
        while i + 2 <= count {
            even[i / 2] = source[i]
            odd[i / 2] = source[i + 1]
            i += 2
        }
    }
    if count % 2 == 1 { even[count / 2] = source[count - 1] }
}
