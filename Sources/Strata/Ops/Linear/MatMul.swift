/// Batched `Y[i] = alpha · op(A[a(i)]) · op(B[b(i)])` through single-threaded `cblas_sgemm`
/// calls, split over `workers` (see ``MatMulShapes`` for the shapes).
///
/// Everything is decided at plan time: which A and B matrix each result matrix reads
/// (broadcast batch axes repeat a matrix), and how the work is split:
/// - `foldedRows`: B is one matrix shared by every result matrix and A is not transposed
///   and not repeated, so the batch is one GEMM of `batch·M` rows (a LinearOp-like call),
///   split by rows or columns;
/// - `perMatrix`: at least as many result matrices as workers: each worker takes whole
///   matrices, one sgemm each;
/// - `splitMatrices`: fewer matrices than workers: each matrix's GEMM is split by rows or
///   columns over the workers.
/// K = 0 gives zeros (the empty sum), as numpy does.
public struct MatMulPlan: Sendable {
    /// How the batch of GEMMs is split over the workers (see above).
    public enum Strategy: String, Sendable {
        /// One shared B, A neither transposed nor repeated: one GEMM of `batch·M` rows.
        case foldedRows
        /// At least as many result matrices as workers: whole matrices per worker.
        case perMatrix
        /// Fewer matrices than workers: each matrix's GEMM split by rows or columns.
        case splitMatrices
    }

    /// M, N, K, the batch and the output shape.
    public let shapes: MatMulShapes
    let transposeA: Bool, transposeB: Bool, alpha: Float
    let aIndex: [Int], bIndex: [Int]
    /// The split chosen for these shapes and this worker count.
    public let strategy: Strategy
    let workers: Int

    /// Plans `alpha · op(A) · op(B)` for operands of shapes `a` and `b`.
    /// - Throws: ``StrataError`` from ``MatMulShapes`` when the shapes do not multiply.
    public init(a: Shape, b: Shape, transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1, workers: Int) throws {
        shapes = try MatMulShapes(a: a, b: b, transposeA: transposeA, transposeB: transposeB)
        (self.transposeA, self.transposeB, self.alpha, self.workers) = (transposeA, transposeB, alpha, max(1, workers))
        (aIndex, bIndex) = shapes.operandIndices()
        let count = shapes.batchCount
        let bShared = bIndex.allSatisfy { $0 == 0 }
        let aDistinct = aIndex.enumerated().allSatisfy { $0.offset == $0.element }
        if count > 1 && bShared && aDistinct && !transposeA {
            strategy = .foldedRows
        } else {
            strategy = count >= self.workers ? .perMatrix : .splitMatrices
        }
    }

    /// - Parameters:
    ///   - a: A's matrices, row-major, `M·K` floats each.
    ///   - b: B's matrices, `K·N` floats each.
    ///   - output: `batchCount · M · N` floats, overwritten.
    public func execute(a: UnsafePointer<Float>, b: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let (m, n, k) = (shapes.m, shapes.n, shapes.k)
        let count = shapes.batchCount
        guard m > 0, n > 0, count > 0 else { return }
        guard k > 0 else {
            output.update(repeating: 0, count: count * m * n)
            return
        }
        switch strategy {
        case .foldedRows:
            splitGemm(m: count * m, a: a, b: b, c: output)
        case .perMatrix:
            let shares = min(workers, count)
            parallelFor(shares, workers: workers) { share in
                let (i0, i1) = evenSplit(count, parts: shares, part: share)
                for item in i0..<i1 {
                    gemm(rows: 0..<m, columns: 0..<n, a: a + aIndex[item] * m * k, b: b + bIndex[item] * k * n,
                         c: output + item * m * n)
                }
            }
        case .splitMatrices:
            for item in 0..<count {
                splitGemm(m: m, a: a + aIndex[item] * m * k, b: b + bIndex[item] * k * n, c: output + item * m * n)
            }
        }
    }

    /// One GEMM of `m` rows split over the workers by rows, or by columns (multiples of
    /// 16) when C is wide.
    private func splitGemm(m: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
        let n = shapes.n
        let byColumns = n >= m && n >= workers * 16
        let units = byColumns ? (n + 15) / 16 : m
        let shares = min(workers, units)
        parallelFor(shares, workers: workers) { share in
            let (u0, u1) = evenSplit(units, parts: shares, part: share)
            if byColumns {
                gemm(rows: 0..<m, columns: u0 * 16..<min(n, u1 * 16), a: a, b: b, c: c)
            } else {
                gemm(rows: u0..<u1, columns: 0..<n, a: a, b: b, c: c)
            }
        }
    }

    /// The block `rows × columns` of C = alpha · op(A) · op(B), with A `m`-row matrices laid
    /// out as given (row `i` of op(A) starts at `a + i·K`, or column `i` of A at `a + i`
    /// when transposed).
    @inline(__always)
    private func gemm(rows: Range<Int>, columns: Range<Int>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                      c: UnsafeMutablePointer<Float>) {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let (m, n, k) = (shapes.m, shapes.n, shapes.k)
        // op(A) row i: A[i, :] (lda K) or A[:, i] (A is [K, M], lda M). op(B) column j:
        // B[:, j] (ldb N) or B[j, :] (B is [N, K], ldb K).
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        let aStart = transposeA ? a + rows.lowerBound : a + rows.lowerBound * k
        let bStart = transposeB ? b + columns.lowerBound * k : b + columns.lowerBound
        BLAS.sgemm(m: rows.count, n: columns.count, k: k, alpha: alpha, a: aStart, lda: lda, b: bStart, ldb: ldb,
                   c: c + rows.lowerBound * n + columns.lowerBound, ldc: n, transposeA: transposeA, transposeB: transposeB)
    }
}
