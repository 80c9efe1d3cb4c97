#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// LogSoftmax along one axis (ONNX LogSoftmax-13, PyTorch `log_softmax`), numerically stable:
///
///     y[o, a, i] = (x[o, a, i] − m) − ln Σ_b e^(x[o, b, i] − m),   m = max_b x[o, b, i]
///
/// with `a` over `axis`, `o` over the axes before it, `i` over those after (as
/// ``softmax(_:into:shape:axis:workers:)``). Every exponent is <= 0, the sum is >= 1 and
/// accumulated in Double, and its logarithm is taken in Double and rounded once, so large
/// logits neither overflow nor lose the small ones: −∞ beside a finite maximum gives −∞
/// (onnxruntime too); a row with NaN, +∞ or only −∞ is NaN, as in onnxruntime.
/// Shapes and axis as for softmax (``softmaxShape(_:axis:)``).
public func logSoftmax(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape, axis: Int = -1,
    workers: Int
) {
    guard !shape.isEmpty else { return }
    let (outer, size, inner) = shape.split(around: axis)
    let blocks = (inner + 7) / 8   // 8-column blocks of the strided case
    let units = inner == 1 ? outer : outer * blocks
    let shares = min(elementwiseShares(4 * shape.elementCount, workers: workers), units)
    parallelFor(shares, workers: workers) { share in
        let (u0, u1) = evenSplit(units, parts: shares, part: share)
        for unit in u0..<u1 {
            if inner == 1 {
                logSoftmaxRow(input + unit * size, output + unit * size, count: size)
            } else {
                let (o, block) = unit.quotientAndRemainder(dividingBy: blocks)
                let offset = o * size * inner + block * 8
                logSoftmaxColumns(input + offset, output + offset, size: size, stride: inner, width: min(8, inner - block * 8))
            }
        }
    }
}

/// One contiguous row of `count` floats.
@inline(__always)
private func logSoftmaxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
    var maxima = FloatVector(repeating: -.infinity)
    var i = 0
    while i < count {
        let v = loadVector(x + i, count: count - i, padding: -.infinity)
        maxima.replace(with: v, where: v .> maxima)
        i += 8
    }
    let maximum = maxima.max()
    var total = 0.0
    var partial = FloatVector()
    i = 0
    while i + 8 <= count {
        partial += vectorExp(loadVector(x + i) - maximum)
        i += 8
        if i & 2047 == 0 { total += sumInDouble(&partial) }
    }
    if i < count {
        let e = vectorExp(loadVector(x + i, count: count - i) - maximum)
        for lane in 0..<(count - i) { total += Double(e[lane]) }   // not the padding lanes
    }
    total += sumInDouble(&partial)
    // NaN anywhere in the row makes the sum NaN (the maximum skips it).
    let shift = FloatVector(repeating: maximum), logSum = FloatVector(repeating: Float(log(total)))
    i = 0
    while i < count {
        storeVector((loadVector(x + i, count: count - i) - shift) - logSum, to: y + i, count: count - i)
        i += 8
    }
}

/// `width` (<= 8) neighbouring columns of a `[size, stride]` slab, one log-softmax each.
@inline(__always)
private func logSoftmaxColumns(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, size: Int, stride: Int, width: Int) {
    var maxima = loadVector(x, count: width)
    for a in 1..<size {
        let v = loadVector(x + a * stride, count: width)
        maxima.replace(with: v, where: v .> maxima)
    }
    // A NaN in the first row is skipped by the comparisons too: it reaches the sum below.
    var total = SIMD8<Double>()
    var partial = FloatVector()
    for a in 0..<size {
        partial += vectorExp(loadVector(x + a * stride, count: width) - maxima)
        if a & 255 == 255 {
            for lane in 0..<8 { total[lane] += Double(partial[lane]) }
            partial = FloatVector()
        }
    }
    var logSum = FloatVector()
    for lane in 0..<8 { logSum[lane] = Float(log(total[lane] + Double(partial[lane]))) }
    for a in 0..<size {
        storeVector((loadVector(x + a * stride, count: width) - maxima) - logSum, to: y + a * stride, count: width)
    }
}

/// The 8 partial sums added in Double, and cleared.
@inline(__always)
private func sumInDouble(_ partial: inout FloatVector) -> Double {
    var sum = 0.0
    for lane in 0..<8 { sum += Double(partial[lane]) }
    partial = FloatVector()
    return sum
}
