/// The inner kernel of every transpose: one strided block `y[c·ldy + r] = x[r·ldx + c]`,
/// 8x8 at a time in registers.
///
/// Rows and columns of an 8x8 block are 8 floats each, so the block is read and written
/// as 8 vector loads and 8 vector stores. In between, the 64 values, seen as one sequence
/// `v0 v1 … v7` (row-major, index `8r + c`), go through three "unzips" (evens, then odds):
/// each moves element `p` to `(p >> 1) + 32·(p & 1)`, a right rotation of the 6 index
/// bits, and three rotations by one turn `8r + c` into `8c + r`, the transpose. An unzip
/// of two vectors is `SIMD16(lowHalf:highHalf:).evenHalf` / `.oddHalf`: shuffles.
/// The partial edges (fewer than 8 rows or columns left) are copied one element at a time.

/// Side of the square blocks the transpose kernels work in: 32x32 floats read and 32x32
/// written stay in L1 (8 KiB), and each block row is two whole cache lines.
let transposeBlockSize = 32

/// `y[c·ldy + r] = x[r·ldx + c]` for `r < rows`, `c < columns` (any sizes).
@inline(__always)
func transposeBlock(
    _ x: UnsafePointer<Float>, ldx: Int, _ y: UnsafeMutablePointer<Float>, ldy: Int, rows: Int, columns: Int
) {
    let (fullRows, fullColumns) = (rows & ~7, columns & ~7)
    for r in stride(from: 0, to: fullRows, by: 8) {
        for c in stride(from: 0, to: fullColumns, by: 8) {
            transpose8x8(x + r * ldx + c, ldx: ldx, y + c * ldy + r, ldy: ldy)
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

/// One full 8x8 block through registers (see the file comment).
@inline(__always)
private func transpose8x8(_ x: UnsafePointer<Float>, ldx: Int, _ y: UnsafeMutablePointer<Float>, ldy: Int) {
    var (v0, v1, v2, v3) = (loadVector(x), loadVector(x + ldx), loadVector(x + 2 * ldx), loadVector(x + 3 * ldx))
    var (v4, v5, v6, v7) = (loadVector(x + 4 * ldx), loadVector(x + 5 * ldx), loadVector(x + 6 * ldx), loadVector(x + 7 * ldx))
    for _ in 0..<3 {
        let (p0, p1) = (SIMD16(lowHalf: v0, highHalf: v1), SIMD16(lowHalf: v2, highHalf: v3))
        let (p2, p3) = (SIMD16(lowHalf: v4, highHalf: v5), SIMD16(lowHalf: v6, highHalf: v7))
        (v0, v1, v2, v3) = (p0.evenHalf, p1.evenHalf, p2.evenHalf, p3.evenHalf)
        (v4, v5, v6, v7) = (p0.oddHalf, p1.oddHalf, p2.oddHalf, p3.oddHalf)
    }
    storeVector(v0, to: y)
    storeVector(v1, to: y + ldy)
    storeVector(v2, to: y + 2 * ldy)
    storeVector(v3, to: y + 3 * ldy)
    storeVector(v4, to: y + 4 * ldy)
    storeVector(v5, to: y + 5 * ldy)
    storeVector(v6, to: y + 6 * ldy)
    storeVector(v7, to: y + 7 * ldy)
}
