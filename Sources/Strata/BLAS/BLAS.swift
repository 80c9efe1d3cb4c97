import CBLAS

/// The engine's single door to OpenBLAS and LAPACKE: no other file imports `CBLAS`.
///
/// Matrices are row-major float32. Every function is a thin, allocation-free wrapper so
/// kernels stay readable and the C surface stays in one place.
public enum BLAS {
    /// OpenBLAS's build configuration string, for example
    /// `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64"`.
    public static var configuration: String {
        String(cString: openblas_get_config())
    }

    /// The CPU kernel family OpenBLAS selected at load time (for example `"Haswell"`);
    /// benchmarks print it so readers know which sgemm ran.
    public static var coreName: String {
        String(cString: openblas_get_corename())
    }

    /// OpenBLAS's own worker-thread count. The engine normally keeps it at 1 and runs its
    /// own parallel loops (see ``Threading``); set it directly only to time raw BLAS.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// `C[m×n] = alpha · A[m×k] · B[k×n] + beta · C`, row-major, with leading dimensions.
    @inline(__always)
    static func sgemm(
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        transposeA: Bool = false,
        transposeB: Bool = false
    ) {
        // Timed only when `KernelProfile` is on (`engine-bench train`'s breakdown).
        KernelProfile.measure(.gemm) {
            cblas_sgemm(
                CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k),
                alpha, a, Int32(lda), b, Int32(ldb),
                beta, c, Int32(ldc))
        }
    }
}

extension BLAS {
    /// `y[m] += A[m×n] · x[n]`, row-major A with leading dimension `lda`.
    @inline(__always)
    static func sgemvAccumulating(
        m: Int, n: Int, a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(lda), x, 1, 1, y, 1)
    }
}

extension BLAS {
    /// Raw `cblas_sgemm` on caller-owned row-major buffers, with OpenBLAS's own threading.
    /// Exposed for benchmarks that compare the engine with plain BLAS on the same GEMM.
    public static func rawSgemm(
        m: Int, n: Int, k: Int,
        a: UnsafeBufferPointer<Float>,
        b: UnsafeBufferPointer<Float>,
        c: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "rawSgemm: buffers too small")
        sgemm(m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n,
              c: c.baseAddress!, ldc: n)
    }
}

extension BLAS {
    /// Eigen-decomposition of a symmetric `n×n` row-major matrix with LAPACK's divide and
    /// conquer `ssyevd` (upper triangle read). Returns the eigenvalues in ascending order
    /// and overwrites `matrix` with the orthonormal eigenvectors as its columns: column `k`
    /// (`matrix[i * n + k]`, i = 0..<n) belongs to eigenvalue `k`.
    public static func symmetricEigen(_ matrix: inout [Float], n: Int) throws -> [Float] {
        guard n >= 1, matrix.count == n * n else {
            throw StrataError.invalidArgument("symmetricEigen: \(matrix.count) values for n = \(n); expected n >= 1 and n*n values")
        }
        var eigenvalues = [Float](repeating: 0, count: n)
        let info = matrix.withUnsafeMutableBufferPointer { a in
            eigenvalues.withUnsafeMutableBufferPointer { w in
                LAPACKE_ssyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                               Int32(n), a.baseAddress, Int32(n), w.baseAddress)
            }
        }
        guard info == 0 else {
            throw StrataError.invalidArgument(
                "LAPACKE_ssyevd on a \(n)x\(n) matrix returned \(info); expected 0 (\(info < 0 ? "argument \(-info) was invalid" : "it did not converge; is the matrix finite?"))")
        }
        return eigenvalues
    }
}
