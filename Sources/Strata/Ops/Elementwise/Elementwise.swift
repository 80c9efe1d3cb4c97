/// Elementwise `add`, `sub`, `mul`, `div` and `prelu` with numpy broadcasting (see
/// `Broadcast.swift`), for shapes of rank 0 to 8.
///
/// ```swift
/// let shape = try broadcastShape(x.shape, b.shape)     // plan time: [N, C, H, W]
/// add(x, shape: x.shape, b, shape: b.shape, into: y, workers: Threading.workers)
/// ```

/// `y = a + b` with broadcasting.
/// - Parameters:
///   - a: `aShape` floats; b: `bShape` floats. The shapes must have passed ``broadcastShape(_:_:)``.
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

/// A function of two vectors, generic for the reason given at ``VectorFunction``.
protocol VectorOperator {
    func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector
}

struct Sum: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a + b }
}

struct Product: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a * b }
}

struct Difference: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a - b }
}

struct Quotient: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a / b }
}

struct ParametricReLU: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        a.replacing(with: a * b, where: a .< 0)
    }
}

/// `y[i] = f(a[i], b[i])` 8 lanes at a time, the last partial vector zero-padded. `y` may
/// be `a` or `b`.
@inline(__always)
func zipVectors<Op: VectorOperator>(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, _ f: Op
) {
    var i = 0
    while i + 8 <= count {
        storeVector(f(loadVector(a + i), loadVector(b + i)), to: y + i)
        i += 8
    }
    if i < count {
        let rest = count - i
        storeVector(f(loadVector(a + i, count: rest), loadVector(b + i, count: rest)), to: y + i, count: rest)
    }
}

/// Streaming elements one thread handles in about 10 µs; below it, waking the worker
/// pool costs more than splitting saves.
let elementwiseGrain = 1 << 15

/// How many threads to split `elements` of cheap elementwise work over: at most
/// `workers`, and no share smaller than ``elementwiseGrain``.
@inline(__always)
func elementwiseShares(_ elements: Int, workers: Int) -> Int {
    max(1, min(workers, elements / elementwiseGrain))
}
