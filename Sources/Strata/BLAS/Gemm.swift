/// `C[m×n] = A[m×k] · B[k×n] (+ bias[i] on row i)`, row-major, single-threaded BLAS.
///
/// With a bias, C is first filled with it and the GEMM accumulates (beta = 1): OpenBLAS
/// clears C before accumulating when beta = 0 anyway, so the bias costs no extra pass.
@inline(__always)
func gemmWithBias(
    m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>?
) {
    if let bias {
        for i in 0..<m { (c + i * ldc).update(repeating: bias[i], count: n) }
    }
    BLAS.sgemm(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: bias == nil ? 0 : 1, c: c, ldc: ldc)
}

/// ``gemmWithBias`` on contiguous matrices, split over `workers` threads: by columns
/// (multiples of 16, a whole SIMD panel) when C is wide, otherwise by rows. Each thread
/// applies `activation` to its own block right after its GEMM.
func parallelGemm(
    m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, activation: Activation? = nil, workers: Int
) {
    let byColumns = n >= m && n >= workers * 16
    let units = byColumns ? (n + 15) / 16 : m
    let shares = min(workers, units)
    parallelFor(shares, workers: workers) { share in
        let (u0, u1) = evenSplit(units, parts: shares, part: share)
        if byColumns {
            let (j0, j1) = (u0 * 16, min(n, u1 * 16))
            gemmWithBias(m: m, n: j1 - j0, k: k, a: a, lda: k, b: b + j0, ldb: n, c: c + j0, ldc: n, bias: bias)
            if let activation {
                for row in 0..<m { activation.apply(c + row * n + j0, count: j1 - j0) }
            }
        } else {
            gemmWithBias(m: u1 - u0, n: n, k: k, a: a + u0 * k, lda: k, b: b, ldb: n,
                         c: c + u0 * n, ldc: n, bias: bias.map { $0 + u0 })
            activation?.apply(c + u0 * n, count: (u1 - u0) * n)
        }
    }
}
