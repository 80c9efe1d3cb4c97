/// Transpose of any permutation of up to 8 axes (ONNX Transpose, numpy `transpose`):
///
///     y.shape[k] = x.shape[perm[k]]
///     y[o_0, ..., o_{r−1}] = x[i]   where i[perm[k]] = o_k
///
/// `perm` defaults to the reversed axes (`[1, 0]` for a matrix). NCHW → NHWC is
/// perm `[0, 2, 3, 1]`; ShuffleNet's channel shuffle is `[N, g, C/g, H, W]` →
/// `[N, C/g, g, H, W]`, perm `[0, 2, 1, 3, 4]`.
///
/// ```swift
/// let shape = try transposeShape(x.shape, perm: [0, 2, 3, 1])   // plan time
/// transpose(x, shape: x.shape, perm: [0, 2, 3, 1], into: y, workers: Threading.workers)
/// ```

/// The transposed shape; throws ``StrataError/invalidArgument(_:)`` naming `perm` and the
/// input shape unless `perm` holds each of the axes `0..<rank` exactly once.
public func transposeShape(_ input: Shape, perm: [Int]?) throws -> Shape {
    let axes = Array(0..<input.rank)
    let perm = perm ?? axes.reversed()
    guard perm.sorted() == axes else {
        throw StrataError.invalidArgument(
            "transpose perm \(perm) does not fit input shape \(input) (rank \(input.rank)); expected a "
                + "permutation of \(axes), each axis exactly once")
    }
    return try Shape(perm.map { input[$0] })
}

/// Transposes `input` (`shape`) into `output` (``transposeShape(_:perm:)`` floats,
/// overwritten; must not overlap the input), split over `workers` threads when large.
/// `perm` must have passed ``transposeShape(_:perm:)``.
public func transpose(
    _ input: UnsafePointer<Float>, shape: Shape, perm: [Int], into output: UnsafeMutablePointer<Float>, workers: Int
) {
    TransposeLoops(shape: shape, perm: perm).run(input, output, workers: workers)
}

/// `output[c, r] = input[r, c]` for a row-major `[rows, columns]` matrix, on the calling
/// thread, in the same blocks as ``transpose(_:shape:perm:into:workers:)``.
public func transpose2D(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    let block = transposeBlockSize
    for r0 in stride(from: 0, to: rows, by: block) {
        for c0 in stride(from: 0, to: columns, by: block) {
            transposeBlock(input + r0 * columns + c0, ldx: columns, output + c0 * rows + r0, ldy: rows,
                           rows: min(block, rows - r0), columns: min(block, columns - c0))
        }
    }
}

/// A transpose reduced to its essentials, worked out once per shape and perm.
///
/// Output axes of size 1 are dropped, and output neighbours that are also input
/// neighbours in the same order are merged (the outer one's input stride is the inner
/// one's stride times its size), so NCHW → NHWC of `[1, C, H, W]` becomes the 2-D
/// transpose `[C, H·W]` → `[H·W, C]` and a channel shuffle `[1, g, C/g, H, W]` becomes
/// `[g, C/g, H·W]` → `[C/g, g, H·W]`. Then one of three algorithms runs:
///
/// - `copy`: nothing moves (one merged axis, or none): one memcpy.
/// - `rows`: the innermost output axis is the innermost input axis (input stride 1): the
///   output is runs of that axis's size, each a contiguous copy from the input
///   (the channel shuffle: runs of H·W floats).
/// - `tiles`: otherwise. The innermost output axis `A` (input stride `sA`) and the output
///   axis `B` whose input stride is 1 form a strided 2-D transpose `Y[b, a] = X[a, b]`,
///   done in 32x32 blocks of 4x4 register transposes (`TransposeBlock.swift`), so reads
///   and writes stay within a few cache lines; the other axes are an odometer around it
///   (NCHW ↔ NHWC: one 2-D transpose per image).
///
/// Work is split over threads by runs (`rows`) or by 32x32 blocks (`tiles`).
struct TransposeLoops: Sendable {
    enum Algorithm: Sendable, Equatable { case copy, rows, tiles }

    let algorithm: Algorithm
    let elementCount: Int
    /// Merged output axes, 0...8 of them.
    let count: Int
    /// Per merged output axis, innermost first: its size, and its stride in the input and
    /// in the output (elements).
    let sizes: SIMD8<Int>
    let inputStrides: SIMD8<Int>
    let outputStrides: SIMD8<Int>
    /// `tiles` only: the merged output axis `B` whose input stride is 1.
    let tileAxis: Int

    /// Assumes `perm` passed ``transposeShape(_:perm:)`` for `shape`.
    init(shape: Shape, perm: [Int]) {
        elementCount = shape.elementCount
        let strides = shape.strides
        var merged: [(size: Int, stride: Int)] = []   // outermost first
        if elementCount > 0 {
            for axis in perm where shape[axis] != 1 {
                let (size, stride) = (shape[axis], strides[axis])
                if let outer = merged.last, outer.stride == stride * size {
                    merged[merged.count - 1] = (outer.size * size, stride)
                } else {
                    merged.append((size, stride))
                }
            }
        }
        var (sizes, inputStrides, outputStrides) = (SIMD8<Int>(repeating: 1), SIMD8<Int>(repeating: 0), SIMD8<Int>(repeating: 0))
        var outputStride = 1
        for (k, axis) in merged.reversed().enumerated() {
            (sizes[k], inputStrides[k], outputStrides[k]) = (axis.size, axis.stride, outputStride)
            outputStride *= axis.size
        }
        (self.sizes, self.inputStrides, self.outputStrides, count) = (sizes, inputStrides, outputStrides, merged.count)
        if merged.count <= 1 {
            (algorithm, tileAxis) = (.copy, 0)
        } else if inputStrides[0] == 1 {
            (algorithm, tileAxis) = (.rows, 0)
        } else {
            // The input's innermost kept axis has stride 1 and is never merged into an inner one.
            let b = (1..<merged.count).first { inputStrides[$0] == 1 }
            precondition(b != nil, "transpose of \(shape) by \(perm): no merged axis has input stride 1")
            (algorithm, tileAxis) = (.tiles, b!)
        }
    }

    func run(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workers: Int) {
        guard elementCount > 0 else { return }
        switch algorithm {
        case .copy: copyElements(x, y, count: elementCount, workers: workers)
        case .rows: runRows(x, y, workers: workers)
        case .tiles: runTiles(x, y, workers: workers)
        }
    }

    /// Output runs of `sizes[0]` floats, run `r` copied from the input offset the outer
    /// axes give it; each thread finds its first run's offset, then steps like an odometer.
    private func runRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workers: Int) {
        let length = sizes[0]
        let runs = elementCount / length
        let shares = min(runs, elementwiseShares(elementCount, workers: workers))
        parallelFor(shares, workers: workers) { share in
            let (r0, r1) = evenSplit(runs, parts: shares, part: share)
            var index = SIMD8<Int>(repeating: 0)
            var (rest, offset) = (r0, 0)
            for k in 1..<count {
                let i: Int
                (rest, i) = rest.quotientAndRemainder(dividingBy: sizes[k])
                index[k] = i
                offset += i * inputStrides[k]
            }
            for r in r0..<r1 {
                copyRun(x + offset, y + r * length, count: length)
                var k = 1
                while k < count {
                    index[k] += 1
                    offset += inputStrides[k]
                    if index[k] < sizes[k] { break }
                    offset -= sizes[k] * inputStrides[k]
                    index[k] = 0
                    k += 1
                }
            }
        }
    }

    /// The 2-D transpose of axes A (0) and B (`tileAxis`) in 32x32 blocks, for every index
    /// of the other axes; a work unit is one block.
    private func runTiles(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workers: Int) {
        let block = transposeBlockSize
        let (sizeA, strideA) = (sizes[0], inputStrides[0])
        let (sizeB, strideB) = (sizes[tileAxis], outputStrides[tileAxis])
        let (blocksA, blocksB) = ((sizeA + block - 1) / block, (sizeB + block - 1) / block)
        let perOuter = blocksA * blocksB
        let units = elementCount / (sizeA * sizeB) * perOuter
        let shares = min(units, elementwiseShares(elementCount, workers: workers))
        parallelFor(shares, workers: workers) { share in
            let (u0, u1) = evenSplit(units, parts: shares, part: share)
            for unit in u0..<u1 {
                let (outer, within) = unit.quotientAndRemainder(dividingBy: perOuter)
                var rest = outer
                var (inputOffset, outputOffset) = (0, 0)
                for k in 1..<count where k != tileAxis {
                    let i: Int
                    (rest, i) = rest.quotientAndRemainder(dividingBy: sizes[k])
                    inputOffset += i * inputStrides[k]
                    outputOffset += i * outputStrides[k]
                }
                let (blockB, blockA) = within.quotientAndRemainder(dividingBy: blocksA)
                let (a0, b0) = (blockA * block, blockB * block)
                // X[a, b] = x[a·sA + b] (rows a); Y[b, a] = y[b·oB + a] (rows b).
                transposeBlock(x + inputOffset + a0 * strideA + b0, ldx: strideA,
                               y + outputOffset + b0 * strideB + a0, ldy: strideB,
                               rows: min(block, sizeA - a0), columns: min(block, sizeB - b0))
            }
        }
    }
}

/// `y[0..<count] = x[0..<count]`, in `workers` contiguous parts when large.
private func copyElements(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, workers: Int) {
    let shares = elementwiseShares(count, workers: workers)
    parallelFor(shares, workers: workers) { share in
        let (start, end) = evenSplit(count, parts: shares, part: share)
        (y + start).update(from: x + start, count: end - start)
    }
}

/// One contiguous run: memcpy, or a plain loop for runs too short to pay for the call.
@inline(__always)
private func copyRun(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
    if count >= 16 {
        y.update(from: x, count: count)
    } else {
        for i in 0..<count { y[i] = x[i] }
    }
}
