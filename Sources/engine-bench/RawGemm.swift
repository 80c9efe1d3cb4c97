import Strata

/// Row-major operands of one GEMM for timing plain `cblas_sgemm`.
final class RawGemm {
    let m: Int, n: Int, k: Int
    private let a: [Float], b: [Float]
    private var c: [Float]

    init(m: Int, n: Int, k: Int, generator: inout SeededGenerator) throws {
        (self.m, self.n, self.k) = (m, n, k)
        a = try Tensor.uniform([m, k], low: -1, high: 1, using: &generator).scalars
        b = try Tensor.uniform([k, n], low: -1, high: 1, using: &generator).scalars
        c = [Float](repeating: 0, count: m * n)
    }

    func run() {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in BLAS.rawSgemm(m: m, n: n, k: k, a: a, b: b, c: c) }
            }
        }
    }
}
