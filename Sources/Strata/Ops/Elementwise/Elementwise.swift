/// Elementwise `add`, `sub`, `mul`, `div` and `prelu` with numpy broadcasting (see
/// `Broadcast.swift`), for shapes of rank 0 to 8.
///
/// ```swift
/// let shape = try broadcastShape(x.shape, b.shape)     // plan time: [N, C, H, W]
/// add(x, shape: x.shape, b, shape: b.shape, into: y, workers: Threading.workers)
/// ```

/// `y = a + b` with broadcasting.
/// - Parameters:
///   - a: `aShape` floats.
///   - aShape: `a`'s shape; with `bShape` it must have passed ``broadcastShape(_:_:)``.
///   - b: `bShape` floats.
///   - bShape: `b`'s shape.
///   - output: `broadcastShape(aShape, bShape)` floats, overwritten. It may be `a` or `b`
///     when that operand has the output's shape (an in-place residual add).
///   - workers: threads to split the output over, when it is large enough to pay off.
public func add(
    _ a: UnsafePointer<Float>, shape aShape: Shape, _ b: UnsafePointer<Float>, shape bShape: Shape,
    into output: UnsafeMutablePointer<Float>, workers: Int
) {
    broadcastBinary(a, aShape, b, bShape, output, workers: workers, Sum())
}

/// `y = a · b` with broadcasting; the parameters are as for ``add(_:shape:_:shape:into:workers:)``.
public func mul(
    _ a: UnsafePointer<Float>, shape aShape: Shape, _ b: UnsafePointer<Float>, shape bShape: Shape,
    into output: UnsafeMutablePointer<Float>, workers: Int
) {
    broadcastBinary(a, aShape, b, bShape, output, workers: workers, Product())
}

/// `y = a − b` with broadcasting (parameters as for ``add(_:shape:_:shape:into:workers:)``).
public func sub(
    _ a: UnsafePointer<Float>, shape aShape: Shape, _ b: UnsafePointer<Float>, shape bShape: Shape,
    into output: UnsafeMutablePointer<Float>, workers: Int
) {
    broadcastBinary(a, aShape, b, bShape, output, workers: workers, Difference())
}

/// `y = a / b` with broadcasting (IEEE: a zero divisor gives ±inf or NaN, as numpy).
public func div(
    _ a: UnsafePointer<Float>, shape aShape: Shape, _ b: UnsafePointer<Float>, shape bShape: Shape,
    into output: UnsafeMutablePointer<Float>, workers: Int
) {
    broadcastBinary(a, aShape, b, bShape, output, workers: workers, Quotient())
}

/// `y = a >= 0 ? a : a · slope` with broadcasting (ONNX PRelu: `slope` is usually
/// `[C, 1, 1]`, one slope per channel).
public func prelu(
    _ a: UnsafePointer<Float>, shape aShape: Shape, slope b: UnsafePointer<Float>, shape bShape: Shape,
    into output: UnsafeMutablePointer<Float>, workers: Int
) {
    broadcastBinary(a, aShape, b, bShape, output, workers: workers, ParametricReLU())
}

/// `y = op(a, b)` over the broadcast `loops`, split over `workers` threads when large.
@inline(__always)
func broadcastBinary<Op: VectorOperator>(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
    loops: BroadcastLoops, workers: Int, _ op: Op
) {
    let total = loops.elementCount
    let shares = elementwiseShares(total, workers: workers)
    parallelFor(shares, workers: workers) { share in
        let (start, end) = evenSplit(total, parts: shares, part: share)
        loops.run(a, b, y, start: start, end: end, op)
    }
}

@inline(__always)
private func broadcastBinary<Op: VectorOperator>(
    _ a: UnsafePointer<Float>, _ aShape: Shape, _ b: UnsafePointer<Float>, _ bShape: Shape,
    _ y: UnsafeMutablePointer<Float>, workers: Int, _ op: Op
) {
    broadcastBinary(a, b, y, loops: BroadcastLoops(aShape, bShape), workers: workers, op)
}
