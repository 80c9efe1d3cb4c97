/// The first principal components of a feature map's channels, per pixel: a way to see a
/// map with hundreds of channels as one RGB picture (pixels whose channel vectors are alike
/// get alike colours).
///
/// For a map `x: [1, C, H, W]`, with `X: [C, P]` its channels centred to mean 0 (P = H*W):
///
///     cov = X·Xᵀ / max(P - 1, 1)          // [C, C] channel covariance, one sgemm
///     cov = V·diag(λ)·Vᵀ                   // ssyevd, λ ascending
///     Y   = V[:, top k]ᵀ · X              // [k, P] projections, one sgemm
///
/// Each eigenvector's sign is fixed so its largest-magnitude entry is positive, so the
/// picture does not flip between runs or LAPACK builds.
public enum ChannelPCA {
    /// The projections onto the first `components` principal components, `[components, H, W]`,
    /// strongest first. Components beyond C (a map with fewer channels) are zero.
    public static func project(_ map: Tensor, components: Int = 3) throws -> Tensor {
        guard map.rank == 4, map.shape[0] == 1 else {
            throw StrataError.invalidShape("feature map of shape \(map.shape); expected [1, C, H, W]")
        }
        guard components >= 1 else { throw StrataError.invalidArgument("\(components) components; expected >= 1") }
        let c = map.shape[1], p = map.shape[2] * map.shape[3]
        var centred = map.scalars
        for channel in 0..<c {
            let range = (channel * p)..<((channel + 1) * p)
            let mean = centred[range].reduce(0, +) / Float(p)
            for i in range { centred[i] -= mean }
        }
        guard centred.allSatisfy({ $0.isFinite }) else {
            throw StrataError.invalidArgument("feature map \(map.shape) holds NaN or infinite values; expected finite values")
        }
        var covariance = [Float](repeating: 0, count: c * c)
        centred.withUnsafeBufferPointer { x in
            covariance.withUnsafeMutableBufferPointer { cov in
                BLAS.sgemm(m: c, n: c, k: p, alpha: 1 / Float(max(p - 1, 1)), a: x.baseAddress!, lda: p,
                           b: x.baseAddress!, ldb: p, c: cov.baseAddress!, ldc: c, transposeB: true)
            }
        }
        _ = try BLAS.symmetricEigen(&covariance, n: c)

        let k = min(components, c)
        // basis: [k, C], row j = eigenvector of the j-th largest eigenvalue.
        var basis = [Float](repeating: 0, count: k * c)
        for j in 0..<k {
            let column = c - 1 - j
            var vector = (0..<c).map { covariance[$0 * c + column] }
            let largest = vector.indices.max { abs(vector[$0]) < abs(vector[$1]) }!
            if vector[largest] < 0 { vector = vector.map { -$0 } }
            basis.replaceSubrange((j * c)..<((j + 1) * c), with: vector)
        }
        var result = Tensor(shape: try Shape([components, map.shape[2], map.shape[3]]))
        result.withUnsafeMutableBufferPointer { y in
            basis.withUnsafeBufferPointer { v in
                centred.withUnsafeBufferPointer { x in
                    BLAS.sgemm(m: k, n: p, k: c, a: v.baseAddress!, lda: c, b: x.baseAddress!, ldb: p,
                               c: y.baseAddress!, ldc: p)
                }
            }
        }
        return result
    }
}
