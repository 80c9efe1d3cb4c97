/// ONNX Where: `y = condition ? x : y` elementwise, the three operands broadcast together
/// (numpy rules, rank 0 to 8). The condition is a BOOL tensor held as float 0/1: an element
/// is true where it is not 0 (NaN is true, as a C cast to bool).

/// The broadcast of the three shapes; throws ``StrataError/shapeMismatch(_:)`` naming them.
public func whereShape(_ condition: Shape, _ x: Shape, _ y: Shape) throws -> Shape {
    do {
        return try broadcastShape(broadcastShape(condition, x), y)
    } catch {
        throw StrataError.shapeMismatch(
            "Where: the condition \(condition), X \(x) and Y \(y) do not broadcast together; expected numpy-compatible shapes (\(error))")
    }
}

/// The loop nest of a three-operand broadcast: output axes of size 1 dropped, neighbours
/// merged where every operand is contiguous or repeated across both (as ``BroadcastLoops``
/// does for two), innermost first. Each operand's step in the innermost loop is 1 or 0.
struct TernaryBroadcastLoops: Sendable {
    /// Loops after merging, 1...8.
    let count: Int
    /// Loop sizes, innermost first.
    let sizes: SIMD8<Int>
    /// Element strides of the condition, x and y per loop, innermost first.
    let strides: (condition: SIMD8<Int>, x: SIMD8<Int>, y: SIMD8<Int>)
    let elementCount: Int

    /// Assumes the shapes broadcast to `output` (``whereShape(_:_:_:)``).
    init(_ operands: [Shape], output: Shape) {
        var sizes = SIMD8<Int>(repeating: 1)
        var strides = [SIMD8<Int>](repeating: SIMD8(repeating: 0), count: 3)
        var running = [1, 1, 1]
        var loops = 0
        for fromEnd in 1...max(output.rank, 1) {
            let size = fromEnd <= output.rank ? output[output.rank - fromEnd] : 1
            var steps = [0, 0, 0]
            for k in 0..<3 {
                let own = fromEnd <= operands[k].rank ? operands[k][operands[k].rank - fromEnd] : 1
                steps[k] = own == 1 ? 0 : running[k]
                running[k] *= own
            }
            if size == 1 { continue }
            let outer = loops - 1
            if loops > 0 && (0..<3).allSatisfy({ steps[$0] == strides[$0][outer] * sizes[outer] }) {
                sizes[outer] *= size
            } else {
                sizes[loops] = size
                for k in 0..<3 { strides[k][loops] = steps[k] }
                loops += 1
            }
        }
        (self.sizes, count, elementCount) = (sizes, max(loops, 1), output.elementCount)
        self.strides = (strides[0], strides[1], strides[2])
    }
}

/// `output = condition ? x : y` over `loops`, split over `workers` threads when large.
/// - Parameters: condition, x, y: their own shapes' floats; output: the broadcast shape's.
func whereSelect(
    _ condition: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
    into output: UnsafeMutablePointer<Float>, loops: TernaryBroadcastLoops, workers: Int
) {
    let total = loops.elementCount
    let shares = elementwiseShares(total, workers: workers)
    parallelFor(shares, workers: workers) { share in
        let (start, end) = evenSplit(total, parts: shares, part: share)
        guard start < end else { return }
        let (sizes, cStrides, xStrides, yStrides) = (loops.sizes, loops.strides.condition, loops.strides.x, loops.strides.y)
        let (length, cStep, xStep, yStep) = (sizes[0], cStrides[0], xStrides[0], yStrides[0])
        // The odometer over the outer loops, set to the run holding `start`.
        var (rest, j) = start.quotientAndRemainder(dividingBy: length)
        var index = SIMD8<Int>(repeating: 0)
        var (cOffset, xOffset, yOffset) = (0, 0, 0)
        for loop in 1..<max(loops.count, 1) {
            let i: Int
            (rest, i) = rest.quotientAndRemainder(dividingBy: sizes[loop])
            index[loop] = i
            (cOffset, xOffset, yOffset) = (cOffset + i * cStrides[loop], xOffset + i * xStrides[loop], yOffset + i * yStrides[loop])
        }
        var position = start
        while true {
            let n = min(length - j, end - position)
            let (c, a, b) = (condition + cOffset + j * cStep, x + xOffset + j * xStep, y + yOffset + j * yStep)
            let out = output + position
            if cStep == 1 && xStep == 1 && yStep == 1 {
                selectRun(c, a, b, out, count: n)
            } else {
                for i in 0..<n { out[i] = c[i * cStep] != 0 ? a[i * xStep] : b[i * yStep] }
            }
            position += n
            if position == end { return }
            j = 0
            var loop = 1
            while loop < loops.count {
                index[loop] += 1
                (cOffset, xOffset, yOffset) = (cOffset + cStrides[loop], xOffset + xStrides[loop], yOffset + yStrides[loop])
                if index[loop] < sizes[loop] { break }
                cOffset -= sizes[loop] * cStrides[loop]
                xOffset -= sizes[loop] * xStrides[loop]
                yOffset -= sizes[loop] * yStrides[loop]
                index[loop] = 0
                loop += 1
            }
        }
    }
}

/// One contiguous run of all three operands, 8 lanes at a time.
@inline(__always)
private func selectRun(
    _ c: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int
) {
    var i = 0
    while i + 8 <= count {
        storeVector(loadVector(y + i).replacing(with: loadVector(x + i), where: loadVector(c + i) .!= 0), to: out + i)
        i += 8
    }
    while i < count {
        out[i] = c[i] != 0 ? x[i] : y[i]
        i += 1
    }
}
