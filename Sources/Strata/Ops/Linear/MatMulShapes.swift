/// The shape rule of numpy `matmul` (ONNX MatMul), with optional transposes of the last
/// two axes and a scale (what Gemm adds):
///
///     A: [..., M, K] (transposeA: [..., K, M])     B: [..., K, N] (transposeB: [..., N, K])
///     Y: broadcast(A[..., :-2], B[..., :-2]) + [M, N]
///
/// A 1-D A `[K]` is promoted to `[1, K]` and a 1-D B `[K]` to `[K, 1]`; the added axis is
/// removed from the result (numpy's rule, ONNX MatMul "behaves like numpy.matmul").
/// The leading (batch) axes broadcast as numpy does.
public struct MatMulShapes: Sendable, Equatable {
    /// One GEMM's sizes: `[M, K] · [K, N]`, after the transposes and the 1-D promotions.
    public let m: Int, n: Int, k: Int
    /// The broadcast batch dimensions of the result.
    public let batch: [Int]
    /// The result's shape (without the axes a 1-D operand's promotion added).
    public let output: Shape
    /// Each operand's batch dimensions, right-aligned to `batch` (1 where it has none).
    let aBatch: [Int], bBatch: [Int]

    /// The shapes of `A · B` (or its transposed forms).
    /// - Throws: ``StrataError`` for a scalar operand, a transposed 1-D operand, inner sizes that
    ///   differ, or batch axes that do not broadcast.
    public init(a: Shape, b: Shape, transposeA: Bool = false, transposeB: Bool = false) throws {
        guard a.rank >= 1, b.rank >= 1 else {
            throw StrataError.invalidShape("MatMul operands have shapes \(a) and \(b); both must have rank >= 1 (numpy matmul takes no scalars)")
        }
        if (transposeA && a.rank < 2) || (transposeB && b.rank < 2) {
            throw StrataError.invalidShape("MatMul with a transposed operand needs it at rank >= 2; shapes \(a) and \(b)")
        }
        let ad = a.dimensions, bd = b.dimensions
        let (m, ka) = a.rank == 1 ? (1, ad[0]) : transposeA ? (ad[a.rank - 1], ad[a.rank - 2]) : (ad[a.rank - 2], ad[a.rank - 1])
        let (kb, n) = b.rank == 1 ? (bd[0], 1) : transposeB ? (bd[b.rank - 1], bd[b.rank - 2]) : (bd[b.rank - 2], bd[b.rank - 1])
        guard ka == kb else {
            throw StrataError.shapeMismatch(
                "MatMul of \(a)\(transposeA ? "ᵀ" : "") and \(b)\(transposeB ? "ᵀ" : ""): A's inner size \(ka) does not equal B's \(kb)")
        }
        let aLead = Array(ad.dropLast(min(2, a.rank))), bLead = Array(bd.dropLast(min(2, b.rank)))
        let rank = max(aLead.count, bLead.count)
        let aPadded = [Int](repeating: 1, count: rank - aLead.count) + aLead
        let bPadded = [Int](repeating: 1, count: rank - bLead.count) + bLead
        var batch: [Int] = []
        for axis in 0..<rank {
            let (x, y) = (aPadded[axis], bPadded[axis])
            guard x == y || x == 1 || y == 1 else {
                throw StrataError.shapeMismatch(
                    "MatMul of \(a) and \(b): batch axes \(aLead) and \(bLead) do not broadcast (axis \(axis): \(x) against \(y))")
            }
            batch.append(x == 1 ? y : x)
        }
        (self.m, self.n, self.k, self.batch, self.aBatch, self.bBatch) = (m, n, ka, batch, aPadded, bPadded)
        output = try Shape(batch + (a.rank >= 2 ? [m] : []) + (b.rank >= 2 ? [n] : []))
    }

    /// Matrices in the result (the product of ``batch``).
    public var batchCount: Int { batch.reduce(1, *) }

    /// For each result matrix, the index of A's and of B's matrix it reads (row-major
    /// over `batch`, broadcast axes repeating).
    func operandIndices() -> (a: [Int], b: [Int]) {
        let count = batchCount
        var aIndex = [Int](repeating: 0, count: count), bIndex = aIndex
        guard count > 0 else { return (aIndex, bIndex) }
        var coordinate = [Int](repeating: 0, count: batch.count)
        for item in 0..<count {
            var (ai, bi) = (0, 0)
            for axis in batch.indices {
                ai = ai * aBatch[axis] + (aBatch[axis] == 1 ? 0 : coordinate[axis])
                bi = bi * bBatch[axis] + (bBatch[axis] == 1 ? 0 : coordinate[axis])
            }
            (aIndex[item], bIndex[item]) = (ai, bi)
            var axis = batch.count - 1
            while axis >= 0 {
                coordinate[axis] += 1
                if coordinate[axis] < batch[axis] { break }
                coordinate[axis] = 0
                axis -= 1
            }
        }
        return (aIndex, bIndex)
    }
}
