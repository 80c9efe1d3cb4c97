/// numpy broadcasting of two shapes of rank 0 to 8, and the loop nest that walks it.
///
/// Shapes are aligned at their last axis and missing leading axes count as 1 (a rank-0
/// scalar is all missing axes). On every axis the two sizes must be equal or one of them
/// 1, and the result takes the other one: `7` with `1` is `7`, `0` with `1` is `0` (an
/// empty result), `0` with `2` does not broadcast. So `[N, C, H, W] + [1, C, 1, 1]` (or
/// `[C, 1, 1]`) adds one value per channel, while `[N, C, H, W] + [C]` adds along W,
/// exactly as numpy, PyTorch and ONNX (multidirectional broadcasting) do.

/// The numpy broadcast of two shapes; throws ``StrataError/shapeMismatch(_:)`` naming
/// both shapes and the first axis whose sizes differ with neither being 1.
public func broadcastShape(_ a: Shape, _ b: Shape) throws -> Shape {
    let rank = max(a.rank, b.rank)
    var result = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
        let fromEnd = rank - axis
        let aSize = fromEnd <= a.rank ? a[a.rank - fromEnd] : 1
        let bSize = fromEnd <= b.rank ? b[b.rank - fromEnd] : 1
        guard aSize == bSize || aSize == 1 || bSize == 1 else {
            throw StrataError.shapeMismatch(
                "cannot broadcast shapes \(a) and \(b): on axis \(axis) of the result (aligned at the "
                    + "last axis) their sizes are \(aSize) and \(bSize); expected equal sizes or one of them 1")
        }
        result[axis] = aSize == 1 ? bSize : aSize
    }
    return try Shape(result)
}

/// The broadcast of `a` and `b` as a nest of at most 8 loops over the output, row-major.
///
/// Output axes of size 1 are dropped, and neighbouring axes merged wherever each operand
/// either continues contiguously across both or repeats across both (its stride on the
/// outer axis is its stride times the size on the inner one; 0 for a repeat). That is
/// where the fast paths come from: equal shapes become one loop, a single run of
/// `a[i] op b[i]`; `[N, C, H, W] op [1, C, 1, 1]` becomes two, N·C runs of H·W elements
/// against one value each; a scalar operand one run against one value. What cannot be
/// merged stays a loop of its own, up to one per axis (`[2,1,3,1,2,1,2] op
/// [1,2,1,3,1,2,1]` keeps all 7).
///
/// The innermost loop is the run handed to the vector code; each operand's stride there
/// is 1 (contiguous) or 0 (one value repeated), because below the innermost kept axis
/// every output size, hence every operand size, is 1.
struct BroadcastLoops: Sendable {
    /// Loops after merging, 1...8 (1 also for a one-element output).
    let count: Int
    /// Loop sizes, innermost first: `sizes[0]` is the length of a run.
    let sizes: SIMD8<Int>
    /// Element strides of each operand per loop, innermost first.
    let aStrides: SIMD8<Int>
    let bStrides: SIMD8<Int>
    /// Output elements (0 when the broadcast is empty).
    let elementCount: Int

    /// Assumes the shapes broadcast (see ``broadcastShape(_:_:)``).
    init(_ a: Shape, _ b: Shape) {
        var (sizes, aStrides, bStrides) = (SIMD8<Int>(repeating: 1), SIMD8<Int>(repeating: 0), SIMD8<Int>(repeating: 0))
        var (aStride, bStride, loops, total) = (1, 1, 0, 1)
        for fromEnd in 1...max(a.rank, b.rank, 1) {
            let aSize = fromEnd <= a.rank ? a[a.rank - fromEnd] : 1
            let bSize = fromEnd <= b.rank ? b[b.rank - fromEnd] : 1
            let size = aSize == 1 ? bSize : aSize
            total *= size
            let (aStep, bStep) = (aSize == 1 ? 0 : aStride, bSize == 1 ? 0 : bStride)
            aStride *= aSize
            bStride *= bSize
            if size == 1 { continue }
            let outer = loops - 1   // the current outermost loop, when loops > 0
            if loops > 0 && aStep == aStrides[outer] * sizes[outer] && bStep == bStrides[outer] * sizes[outer] {
                sizes[outer] *= size
            } else {
                (sizes[loops], aStrides[loops], bStrides[loops]) = (size, aStep, bStep)
                loops += 1
            }
        }
        (self.sizes, self.aStrides, self.bStrides) = (sizes, aStrides, bStrides)
        count = max(loops, 1)
        elementCount = total
    }

    /// `y[i] = op(a, b)` for the output elements `start..<end` (row-major), one vector run
    /// per step of the innermost loop. The innermost steps are the same for every run, so
    /// the vector loop is chosen once, outside the walk.
    @inline(__always)
    func run<Op: VectorOperator>(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        start: Int, end: Int, _ op: Op
    ) {
        switch (aStrides[0], bStrides[0]) {
        case (1, 1):
            walk(start, end) { i, j, p, n in zipVectors(a + i, b + j, y + p, count: n, op) }
        case (1, _):
            walk(start, end) { i, j, p, n in
                mapVectors(a + i, y + p, count: n, WithSecond(op: op, value: FloatVector(repeating: b[j])))
            }
        case (_, 1):
            walk(start, end) { i, j, p, n in
                mapVectors(b + j, y + p, count: n, WithFirst(op: op, value: FloatVector(repeating: a[i])))
            }
        default:
            walk(start, end) { i, j, p, n in
                (y + p).update(repeating: op(FloatVector(repeating: a[i]), FloatVector(repeating: b[j]))[0], count: n)
            }
        }
    }

    /// Calls `body(aOffset, bOffset, position, count)` for each innermost run, or the part
    /// of one, inside `start..<end`. One or two loops (equal shapes, a scalar, per
    /// channel) walk rows directly; more advance like an odometer, adding strides instead
    /// of recomputing offsets.
    @inline(__always)
    private func walk(_ start: Int, _ end: Int, _ body: (Int, Int, Int, Int) -> Void) {
        guard start < end else { return }
        let length = sizes[0]
        var (rest, j) = start.quotientAndRemainder(dividingBy: length)
        var position = start
        if count <= 2 {
            // With one loop, rest is 0 and the unused second loop has strides 0.
            var row = rest
            while position < end {
                let runLength = min(length - j, end - position)
                body(row * aStrides[1] + j * aStrides[0], row * bStrides[1] + j * bStrides[0], position, runLength)
                position += runLength
                (row, j) = (row + 1, 0)
            }
            return
        }
        var (aOffset, bOffset) = (0, 0)
        var index = SIMD8<Int>(repeating: 0)
        for loop in 1..<count {
            let i: Int
            (rest, i) = rest.quotientAndRemainder(dividingBy: sizes[loop])
            index[loop] = i
            aOffset += i * aStrides[loop]
            bOffset += i * bStrides[loop]
        }
        while true {
            let runLength = min(length - j, end - position)
            body(aOffset + j * aStrides[0], bOffset + j * bStrides[0], position, runLength)
            position += runLength
            if position == end { return }
            j = 0
            var loop = 1
            while loop < count {
                index[loop] += 1
                aOffset += aStrides[loop]
                bOffset += bStrides[loop]
                if index[loop] < sizes[loop] { break }
                aOffset -= sizes[loop] * aStrides[loop]
                bOffset -= sizes[loop] * bStrides[loop]
                index[loop] = 0
                loop += 1
            }
        }
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
