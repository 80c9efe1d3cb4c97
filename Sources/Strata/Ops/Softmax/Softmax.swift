/// Softmax along one axis, numerically stable:
///
///     y[o, a, i] = e^(x[o, a, i] − m) / Σ_b e^(x[o, b, i] − m),   m = max_b x[o, b, i]
///
/// where `a` runs over `axis` (`size` entries), `o` over the axes before it (`outer`) and
/// `i` over the axes after it (`inner`). Subtracting the maximum keeps every exponent <= 0,
/// so large logits cannot overflow. Rows with specials follow from the same formula and
/// match onnxruntime: a NaN, a +∞ (∞ − ∞) or only −∞ makes the whole row NaN; −∞ beside a
/// finite maximum gives exactly 0 (``vectorExp(_:)`` reaches 0 and keeps subnormal
/// probabilities). The default axis, the last, is the class axis of
/// `[N, classes]` logits. (ONNX Softmax before opset 13 flattens from `axis` on instead;
/// the importer must reshape to get that.)

/// The output shape (the input's); throws if `axis` is outside `-rank..<rank`, or for a
/// scalar (rank 0), which has no axis: onnxruntime refuses it too ("Input rank must be
/// >= 1 for Softmax").
public func softmaxShape(_ input: Shape, axis: Int = -1) throws -> Shape {
    try expectNotScalar(input, name: "softmax input", ", an axis to normalize along")
    _ = try input.resolve(axis: axis, "softmax axis")
    return input
}

/// Softmax of `input` along `axis` into `output`.
/// - Parameters:
///   - input: `shape` floats.
///   - output: `shape` floats, overwritten; may be `input` (in place).
///   - shape: the tensor's shape, rank 1 or more.
///   - axis: must have passed ``softmaxShape(_:axis:)``; negative counts from the end.
///   - workers: threads to split rows (or column blocks) over when the tensor is large.
public func softmax(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape, axis: Int = -1,
    workers: Int
) {
    guard !shape.isEmpty else { return }
    let (outer, size, inner) = shape.split(around: axis)
    // An exponential costs about as much as streaming 4 floats.
    let shares = elementwiseShares(4 * shape.elementCount, workers: workers)
    if inner == 1 {
        // Contiguous rows: the last axis, or nothing after it.
        parallelFor(min(shares, outer), workers: workers) { share in
            let (r0, r1) = evenSplit(outer, parts: min(shares, outer), part: share)
            for r in r0..<r1 { softmaxRow(input + r * size, output + r * size, count: size) }
        }
    } else {
        // Strided: blocks of neighbouring columns, each column one independent softmax.
        let blocks = (inner + softmaxColumnBlock - 1) / softmaxColumnBlock
        let units = outer * blocks
        parallelFor(min(shares, units), workers: workers) { share in
            let (u0, u1) = evenSplit(units, parts: min(shares, units), part: share)
            for unit in u0..<u1 {
                let (o, block) = unit.quotientAndRemainder(dividingBy: blocks)
                let offset = o * size * inner + block * softmaxColumnBlock
                softmaxColumns(input + offset, output + offset, size: size, stride: inner,
                               width: min(softmaxColumnBlock, inner - block * softmaxColumnBlock))
            }
        }
    }
}

/// One contiguous row of `count` floats.
@inline(__always)
private func softmaxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
    var maxima = FloatVector(repeating: -.infinity)
    var i = 0
    while i + 8 <= count {
        let v = loadVector(x + i)
        maxima.replace(with: v, where: v .> maxima)
        i += 8
    }
    if i < count {
        let v = loadVector(x + i, count: count - i, padding: -.infinity)
        maxima.replace(with: v, where: v .> maxima)
    }
    let maximum = maxima.max()
    // Sums in Float lanes for 256 vectors at most, then in Double.
    var total = SIMD8<Double>()
    var partial = FloatVector()
    i = 0
    while i + 8 <= count {
        let e = vectorExp(loadVector(x + i) - maximum)
        storeVector(e, to: y + i)
        partial += e
        i += 8
        if i & 2047 == 0 { accumulate(&partial, into: &total) }
    }
    var sum = 0.0
    if i < count {
        let e = vectorExp(loadVector(x + i, count: count - i) - maximum)
        storeVector(e, to: y + i, count: count - i)
        for lane in 0..<(count - i) { sum += Double(e[lane]) }   // not the padding lanes
    }
    accumulate(&partial, into: &total)
    sum += total.sum()
    mapVectors(y, y, count: count, Scale(factor: Float(1 / sum)))
}

private struct Scale: VectorFunction {
    let factor: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x * factor }
}

/// Columns per block of the strided case: two vectors, so each row visit reads a whole
/// 64-byte line. Measured on a [16, 4095] slab: 1.7 ns per element against 2.4 with one
/// vector, and 3.2 with 64 columns staged through a stack buffer (contiguous rows: 1.3).
let softmaxColumnBlock = 16

/// `width` (<= 16) neighbouring columns of a `[size, stride]` slab, one softmax per
/// column, in three passes over the rows (maxima; exponentials and their sums; scaling),
/// all in registers.
@inline(__always)
private func softmaxColumns(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, size: Int, stride: Int, width: Int
) {
    let (low, high) = (min(width, 8), max(width - 8, 0))   // columns in the first, second vector
    var maxima0 = loadVector(x, count: low), maxima1 = loadVector(x + 8, count: high)
    for a in 1..<size {
        let row = x + a * stride
        let (v0, v1) = (loadVector(row, count: low), loadVector(row + 8, count: high))
        maxima0.replace(with: v0, where: v0 .> maxima0)
        maxima1.replace(with: v1, where: v1 .> maxima1)
    }
    var (total0, total1) = (SIMD8<Double>(), SIMD8<Double>())
    var (partial0, partial1) = (FloatVector(), FloatVector())
    for a in 0..<size {
        let (row, out) = (x + a * stride, y + a * stride)
        let e0 = vectorExp(loadVector(row, count: low) - maxima0)
        let e1 = vectorExp(loadVector(row + 8, count: high) - maxima1)
        storeVector(e0, to: out, count: low)
        storeVector(e1, to: out + 8, count: high)
        partial0 += e0
        partial1 += e1
        if a & 255 == 255 {
            accumulate(&partial0, into: &total0)
            accumulate(&partial1, into: &total1)
        }
    }
    accumulate(&partial0, into: &total0)
    accumulate(&partial1, into: &total1)
    var (scale0, scale1) = (FloatVector(), FloatVector())
    for lane in 0..<8 {
        scale0[lane] = Float(1 / total0[lane])
        scale1[lane] = Float(1 / total1[lane])
    }
    for a in 0..<size {
        let out = y + a * stride
        storeVector(loadVector(out, count: low) * scale0, to: out, count: low)
        storeVector(loadVector(out + 8, count: high) * scale1, to: out + 8, count: high)
    }
}

/// Moves 8 Float partial sums into Double totals and clears them.
@inline(__always)
private func accumulate(_ partial: inout FloatVector, into total: inout SIMD8<Double>) {
    for lane in 0..<8 { total[lane] += Double(partial[lane]) }
    partial = FloatVector()
}
