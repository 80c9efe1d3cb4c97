/// Elementwise `add`, `sub`, `mul`, `div` and `prelu` with numpy broadcasting, for shapes of rank <= 4.
///
/// Shapes are aligned at their last axis, missing leading axes count as 1; on every axis
/// the two sizes must be equal or one of them 1, and the result takes the larger. So
/// `[N, C, H, W] + [1, C, 1, 1]` (or `[C, 1, 1]`) adds one value per channel, while
/// `[N, C, H, W] + [C]` adds along W, exactly as numpy and PyTorch do: to add a per-channel
/// vector `[C]`, reshape it to `[C, 1, 1]` first (reshaping is free).
///
/// ```swift
/// let shape = try broadcastShape(x.shape, b.shape)     // plan time: [N, C, H, W]
/// add(x, shape: x.shape, b, shape: b.shape, into: y, workers: Threading.workers)
/// ```

/// The numpy broadcast of two shapes; throws ``StrataError/shapeMismatch(_:)`` naming
/// both shapes and the first axis whose sizes differ with neither being 1.
public func broadcastShape(_ a: Shape, _ b: Shape) throws -> Shape {
    let rank = max(a.rank, b.rank)
    var result = [Int](repeating: 1, count: rank)
    for fromEnd in stride(from: 1, through: rank, by: 1) {
        let aSize = fromEnd <= a.rank ? a[a.rank - fromEnd] : 1
        let bSize = fromEnd <= b.rank ? b[b.rank - fromEnd] : 1
        guard aSize == bSize || aSize == 1 || bSize == 1 else {
            throw StrataError.shapeMismatch(
                "cannot broadcast shapes \(a) and \(b): on axis \(rank - fromEnd) of the result (aligned at the "
                    + "last axis) their sizes are \(aSize) and \(bSize); expected equal sizes or one of them 1")
        }
        result[rank - fromEnd] = aSize == 1 ? bSize : aSize   // 1 broadcasts to any size, 0 included
    }
    return try Shape(result)
}

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

/// The broadcast as four nested loops. Axes of size 1 are dropped and neighbouring axes
/// merged wherever each operand either continues contiguously across both or repeats
/// across both. That is where the fast paths come from: equal shapes become one long run
/// of `a[i] op b[i]`, `[N, C, H, W] op [1, C, 1, 1]` becomes N·C runs of H·W elements
/// against one value each, and a scalar operand one run against one value.
struct BroadcastLoops {
    /// Loop sizes, outermost first; `sizes[3]` is the length of the innermost run.
    var sizes = SIMD4<Int>(repeating: 1)
    /// Element strides of each operand per loop; the innermost is 1 (a contiguous run) or
    /// 0 (one value repeated).
    var aStrides = SIMD4<Int>(repeating: 0)
    var bStrides = SIMD4<Int>(repeating: 0)

    /// Assumes the shapes broadcast (see ``broadcastShape(_:_:)``).
    init(_ a: Shape, _ b: Shape) {
        var (aStride, bStride, loops) = (1, 1, 0)
        for fromEnd in 1...4 {
            let aSize = fromEnd <= a.rank ? a[a.rank - fromEnd] : 1
            let bSize = fromEnd <= b.rank ? b[b.rank - fromEnd] : 1
            let size = max(aSize, bSize)
            let (aStep, bStep) = (aSize == 1 ? 0 : aStride, bSize == 1 ? 0 : bStride)
            aStride *= aSize
            bStride *= bSize
            if size == 1 { continue }
            let outer = 4 - loops   // the current outermost loop, when loops > 0
            if loops > 0 && aStep == aStrides[outer] * sizes[outer] && bStep == bStrides[outer] * sizes[outer] {
                sizes[outer] *= size
            } else {
                loops += 1
                (sizes[4 - loops], aStrides[4 - loops], bStrides[4 - loops]) = (size, aStep, bStep)
            }
        }
    }

    var elementCount: Int { sizes[0] * sizes[1] * sizes[2] * sizes[3] }

    /// `y[i] = f(a, b)` for the output elements `start..<end` (row-major).
    @inline(__always)
    func run<Op: VectorOperator>(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        start: Int, end: Int, _ op: Op
    ) {
        let length = sizes[3]
        var (row, j) = start.quotientAndRemainder(dividingBy: length)
        let i2Start = row % sizes[2]
        row /= sizes[2]
        var (i0, i1, i2) = (row / sizes[1], row % sizes[1], i2Start)
        var position = start
        while position < end {
            let count = min(length - j, end - position)
            let aOffset = i0 * aStrides[0] + i1 * aStrides[1] + i2 * aStrides[2] + j * aStrides[3]
            let bOffset = i0 * bStrides[0] + i1 * bStrides[1] + i2 * bStrides[2] + j * bStrides[3]
            binaryRun(a + aOffset, aStep: aStrides[3], b + bOffset, bStep: bStrides[3], y + position, count: count, op)
            position += count
            j = 0
            i2 += 1
            if i2 == sizes[2] {
                i2 = 0
                i1 += 1
                if i1 == sizes[1] { (i1, i0) = (0, i0 + 1) }
            }
        }
    }
}

/// One innermost run: each operand either contiguous (step 1) or a single repeated value.
@inline(__always)
private func binaryRun<Op: VectorOperator>(
    _ a: UnsafePointer<Float>, aStep: Int, _ b: UnsafePointer<Float>, bStep: Int,
    _ y: UnsafeMutablePointer<Float>, count: Int, _ op: Op
) {
    switch (aStep, bStep) {
    case (1, 1):
        zipVectors(a, b, y, count: count, op)
    case (1, _):
        mapVectors(a, y, count: count, WithSecond(op: op, value: FloatVector(repeating: b[0])))
    case (_, 1):
        mapVectors(b, y, count: count, WithFirst(op: op, value: FloatVector(repeating: a[0])))
    default:
        y.update(repeating: op(FloatVector(repeating: a[0]), FloatVector(repeating: b[0]))[0], count: count)
    }
}

@inline(__always)
private func broadcastBinary<Op: VectorOperator>(
    _ a: UnsafePointer<Float>, _ aShape: Shape, _ b: UnsafePointer<Float>, _ bShape: Shape,
    _ y: UnsafeMutablePointer<Float>, workers: Int, _ op: Op
) {
    let loops = BroadcastLoops(aShape, bShape)
    let total = loops.elementCount
    let shares = elementwiseShares(total, workers: workers)
    parallelFor(shares, workers: workers) { share in
        let (start, end) = evenSplit(total, parts: shares, part: share)
        loops.run(a, b, y, start: start, end: end, op)
    }
}

/// A function of two vectors, generic for the reason given at ``VectorFunction``.
protocol VectorOperator {
    func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector
}

private struct Sum: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a + b }
}

private struct Product: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a * b }
}

private struct Difference: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a - b }
}

private struct Quotient: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a / b }
}

private struct ParametricReLU: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        a.replacing(with: a * b, where: a .< 0)
    }
}

/// `op(x, value)`: a run of `a` against one value of `b`.
private struct WithSecond<Op: VectorOperator>: VectorFunction {
    let op: Op, value: FloatVector
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { op(x, value) }
}

/// `op(value, x)`: one value of `a` against a run of `b`.
private struct WithFirst<Op: VectorOperator>: VectorFunction {
    let op: Op, value: FloatVector
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { op(value, x) }
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
