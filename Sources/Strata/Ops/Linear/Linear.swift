/// A fully connected layer with PyTorch's weight layout:
///
///     y[n, o] = activation(Σ_i x[n, i] · W[o, i] + b[o])
///     // x: [batch, in]   W: [out, in]   b: [out]   y: [batch, out]
///
/// i.e. `y = x · Wᵀ + b`, one `sgemm` with B transposed (no copy of W). The bias is written
/// into y first and the GEMM accumulates onto it (beta = 1), and the activation runs over
/// each worker's block right after its GEMM, while the block is still in cache.

/// Output shape of a linear layer on `input` `[..., in]`: the leading axes are the batch
/// (`[N, in]` gives `[N, out]`, `[in]` gives `[out]`). Checks that `weight` is
/// `[out, in]` and `bias`, when given, `[out]`.
public func linearShape(input: Shape, weight: Shape, bias: Shape?) throws -> Shape {
    try expectRank(weight, 2, name: "linear weight", layout: "[out, in]")
    let (outFeatures, inFeatures) = (weight[0], weight[1])
    guard input[input.rank - 1] == inFeatures else {
        throw StrataError.shapeMismatch(
            "linear input has shape \(input) with \(input[input.rank - 1]) features on its last axis; "
                + "the weight \(weight) [out, in] expects \(inFeatures)")
    }
    if let bias, bias.dimensions != [outFeatures] {
        throw StrataError.shapeMismatch("linear bias has shape \(bias); expected [\(outFeatures)] for weight \(weight)")
    }
    var dimensions = input.dimensions
    dimensions[dimensions.count - 1] = outFeatures
    return try Shape(dimensions)
}

/// Multiply-adds below which one thread does the whole product (about 10 µs of work).
let linearGrain = 1 << 16

/// Runs the layer. `batch` is the input's element count divided by `inFeatures`.
/// - Parameters:
///   - input: `[batch, inFeatures]`.
///   - weight: `[outFeatures, inFeatures]` (PyTorch's `nn.Linear.weight` layout).
///   - bias: `[outFeatures]` or nil.
///   - batch: rows of the input (any leading dimensions flattened).
///   - inFeatures: the input's last dimension.
///   - outFeatures: the output's last dimension.
///   - output: `[batch, outFeatures]`, overwritten; must not overlap the other buffers.
///   - activation: applied to every output element after the bias, or nil.
///   - workers: threads to split the product over, by output columns (blocks of W's
///     rows, best when the batch is small) or by batch rows, each with single-threaded BLAS.
public func linear(
    _ input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    into output: UnsafeMutablePointer<Float>, batch: Int, inFeatures: Int, outFeatures: Int,
    activation: Activation? = nil, workers: Int
) {
    let byColumns = outFeatures >= batch
    let units = byColumns ? (outFeatures + 15) / 16 : batch   // 16 columns: a whole SIMD panel
    let shares = max(1, min(workers, units, batch * inFeatures * outFeatures / linearGrain))
    parallelFor(shares, workers: workers) { share in
        let (u0, u1) = evenSplit(units, parts: shares, part: share)
        let (rows, columns) = byColumns
            ? (0..<batch, (u0 * 16)..<min(outFeatures, u1 * 16))
            : (u0..<u1, 0..<outFeatures)
        linearBlock(input, weight: weight, bias: bias, output: output, inFeatures: inFeatures,
                    outFeatures: outFeatures, rows: rows, columns: columns, activation: activation)
    }
}

/// `y[rows, columns]` of the layer: bias, one GEMM, activation.
@inline(__always)
private func linearBlock(
    _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    output: UnsafeMutablePointer<Float>, inFeatures: Int, outFeatures: Int,
    rows: Range<Int>, columns: Range<Int>, activation: Activation?
) {
    guard !rows.isEmpty && !columns.isEmpty else { return }
    let corner = output + rows.lowerBound * outFeatures + columns.lowerBound
    if let bias {
        for r in 0..<rows.count {
            (corner + r * outFeatures).update(from: bias + columns.lowerBound, count: columns.count)
        }
    }
    if inFeatures == 0 {
        // An empty sum: y = bias, or 0 (BLAS would reject the leading dimension 0).
        if bias == nil {
            for r in 0..<rows.count { (corner + r * outFeatures).update(repeating: 0, count: columns.count) }
        }
    } else if rows.count == 1 {
        // One input row: y[columns] = W[columns, :] · x (+ y), a matrix-vector product.
        // (sgemm packs all of W first: MobileNetV2's 1280 x 1000 classifier took 0.73 ms instead of 0.38.)
        // y starts at the bias or at zeros (not beta = 0, which would leave it to OpenBLAS's scal).
        if bias == nil { corner.update(repeating: 0, count: columns.count) }
        BLAS.sgemvAccumulating(m: columns.count, n: inFeatures, a: weight + columns.lowerBound * inFeatures,
                               lda: inFeatures, x: x + rows.lowerBound * inFeatures, y: corner)
    } else {
        // C[rows×columns] = x[rows, :] · W[columns, :]ᵀ (+ C): B is W's rows, transposed.
        BLAS.sgemm(
            m: rows.count, n: columns.count, k: inFeatures,
            a: x + rows.lowerBound * inFeatures, lda: inFeatures,
            b: weight + columns.lowerBound * inFeatures, ldb: inFeatures,
            beta: bias == nil ? 0 : 1, c: corner, ldc: outFeatures, transposeB: true)
    }
    if let activation {
        if columns.count == outFeatures {
            activation.apply(corner, count: rows.count * outFeatures)
        } else {
            for r in 0..<rows.count { activation.apply(corner + r * outFeatures, count: columns.count) }
        }
    }
}
