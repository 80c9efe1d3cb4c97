/// The inner kernel of every transpose: one strided block `y[c·ldy + r] = x[r·ldx + c]`,
/// 4x4 at a time in registers.
///
/// Rows and columns of a 4x4 block are 4 floats each, so the block is read and written
/// as 4 vector loads and 4 vector stores. In between, the 16 values, seen as one sequence
/// `v0 v1 v2 v3` (row-major, index `4r + c`), go through two "unzips" (evens, then odds):
/// each moves element `p` to `(p >> 1) + 8·(p & 1)`, a right rotation of the 4 index
/// bits, and two rotations by one turn `4r + c` into `4c + r`, the transpose. An unzip
/// of two vectors is `SIMD8(lowHalf:highHalf:).evenHalf` / `.oddHalf`; LLVM turns the
/// two rounds into 12 SSE shuffles. (8x8 blocks of 8-lane vectors with three unzips
/// measured about 5% slower on NCHW → NHWC of `[1, 16, 56, 56]`, and 4x4 blocks also
/// cover sizes that are multiples of 4 but not 8.) The partial edges (fewer than 4 rows
/// or columns left) are copied one element at a time.

/// Side of the square blocks the transpose kernels work in: 32x32 floats read and 32x32
/// written stay in L1 (8 KiB), and each block row is two whole cache lines.
let transposeBlockSize = 32

/// `y[c·ldy + r] = x[r·ldx + c]` for `r < rows`, `c < columns` (any sizes).
@inline(__always)
func transposeBlock(
    _ x: UnsafePointer<Float>, ldx: Int, _ y: UnsafeMutablePointer<Float>, ldy: Int, rows: Int, columns: Int
) {
    let (fullRows, fullColumns) = (rows & ~3, columns & ~3)
    for r in stride(from: 0, to: fullRows, by: 4) {
        for c in stride(from: 0, to: fullColumns, by: 4) {
            transpose4x4(x + r * ldx + c, ldx: ldx, y + c * ldy + r, ldy: ldy)
        }
    }
    if fullColumns < columns {
        for c in fullColumns..<columns {
            for r in 0..<rows { y[c * ldy + r] = x[r * ldx + c] }
        }
    }
    if fullRows < rows {
        for c in 0..<fullColumns {
            for r in fullRows..<rows { y[c * ldy + r] = x[r * ldx + c] }
        }
    }
}

/// One full 4x4 block through registers (see the file comment).
@inline(__always)
private func transpose4x4(_ x: UnsafePointer<Float>, ldx: Int, _ y: UnsafeMutablePointer<Float>, ldy: Int) {
    @inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }
    var (v0, v1, v2, v3) = (load(x), load(x + ldx), load(x + 2 * ldx), load(x + 3 * ldx))
    for _ in 0..<2 {
        let (p0, p1) = (SIMD8(lowHalf: v0, highHalf: v1), SIMD8(lowHalf: v2, highHalf: v3))
        (v0, v1, v2, v3) = (p0.evenHalf, p1.evenHalf, p0.oddHalf, p1.oddHalf)
    }
    UnsafeMutableRawPointer(y).storeBytes(of: v0, as: SIMD4<Float>.self)
    UnsafeMutableRawPointer(y + ldy).storeBytes(of: v1, as: SIMD4<Float>.self)
    UnsafeMutableRawPointer(y + 2 * ldy).storeBytes(of: v2, as: SIMD4<Float>.self)
    UnsafeMutableRawPointer(y + 3 * ldy).storeBytes(of: v3, as: SIMD4<Float>.self)
}
