/// Inference-time normalizations over `[N, C, ...]` tensors of rank 2 to 8 (NCHW images,
/// `[N, C]`, `[N, C, L]`, `[N, C, D, H, W]`); an empty tensor is left as it is. `spatial` below is the product of the axes after C (H·W for an image).
/// Variances are biased (divided by the element count), as in PyTorch and ONNX.
///
/// Every kernel writes `output` (which may be `input`, for in place), then applies the
/// optional `activation` to each finished plane while it is still in cache, and splits
/// its planes (or groups, or rows) over `workers` threads when the tensor is large.

// MARK: - Kernels

/// `y = (x − mean[c]) / sqrt(variance[c] + epsilon) · scale[c] + shift[c]`.
/// - Parameters: x, y: `shape` = `[N, C, ...]`; scale, shift, mean, variance: `[C]`.
public func batchNormInference(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape,
    scale: UnsafePointer<Float>, shift: UnsafePointer<Float>, mean: UnsafePointer<Float>,
    variance: UnsafePointer<Float>, epsilon: Float, activation: Activation? = nil, workers: Int
) {
    guard !shape.isEmpty else { return }
    let channels = shape[1]
    let planes = shape[0] * channels
    let spatial = shape.elementCount / planes
    let shares = min(planes, elementwiseShares(shape.elementCount, workers: workers))
    parallelFor(shares, workers: workers) { share in
        let (p0, p1) = evenSplit(planes, parts: shares, part: share)
        for p in p0..<p1 {
            let c = p % channels
            let factor = Float(Double(scale[c]) / (Double(variance[c]) + Double(epsilon)).squareRoot())
            normalizePlane(input + p * spatial, output + p * spatial, count: spatial, center: mean[c],
                           factor: factor, offset: shift[c], activation: activation)
        }
    }
}

/// `y = (x − μ) / sqrt(σ² + epsilon) · gamma[c] + beta[c]`, with μ and σ² taken per image
/// and group of C/groups consecutive channels (over C/groups · spatial values).
/// - Parameters: x, y: `shape` = `[N, C, ...]`; gamma, beta: `[C]`, or nil for 1 and 0.
public func groupNorm(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape, groups: Int,
    gamma: UnsafePointer<Float>?, beta: UnsafePointer<Float>?, epsilon: Float,
    activation: Activation? = nil, workers: Int
) {
    guard !shape.isEmpty else { return }
    let channels = shape[1]
    let groupChannels = channels / groups
    let spatial = shape.elementCount / (shape[0] * channels)
    let units = shape[0] * groups
    let shares = min(units, elementwiseShares(3 * shape.elementCount, workers: workers))
    parallelFor(shares, workers: workers) { share in
        let (u0, u1) = evenSplit(units, parts: shares, part: share)
        for unit in u0..<u1 {
            let start = unit * groupChannels * spatial   // a group's channels are contiguous
            let (center, residue, inverseDeviation) = statistics(input + start, count: groupChannels * spatial, epsilon: epsilon)
            for k in 0..<groupChannels {
                let c = (unit % groups) * groupChannels + k
                let plane = start + k * spatial
                let factor = inverseDeviation * Double(gamma?[c] ?? 1)
                normalizePlane(input + plane, output + plane, count: spatial, center: center, factor: Float(factor),
                               offset: Float(Double(beta?[c] ?? 0) - residue * factor), activation: activation)
            }
        }
    }
}

/// Group norm with one group per channel: statistics per image and channel.
public func instanceNorm(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape,
    gamma: UnsafePointer<Float>?, beta: UnsafePointer<Float>?, epsilon: Float,
    activation: Activation? = nil, workers: Int
) {
    groupNorm(input, into: output, shape: shape, groups: shape[1], gamma: gamma, beta: beta, epsilon: epsilon,
              activation: activation, workers: workers)
}

/// `y[o, i] = (x[o, i] − μ_o) / sqrt(σ²_o + epsilon) · gamma[i] + beta[i]`, where `o` runs
/// over the axes before `axis` (`outer` rows) and `i` over the rest (`inner`).
/// - Parameters: x, y: `shape`; gamma, beta: `inner` floats (`shape` from `axis` on), or nil.
/// Rows are split over `workers`; each row (its statistics and its normalization) stays on
/// one thread, so a single large row runs single-threaded.
public func layerNorm(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape, axis: Int,
    gamma: UnsafePointer<Float>?, beta: UnsafePointer<Float>?, epsilon: Float,
    activation: Activation? = nil, workers: Int
) {
    guard !shape.isEmpty else { return }
    let outer = shape.product(0..<Shape.wrap(axis: axis, rank: shape.rank))
    let inner = shape.elementCount / outer
    let shares = min(outer, elementwiseShares(3 * shape.elementCount, workers: workers))
    parallelFor(shares, workers: workers) { share in
        let (r0, r1) = evenSplit(outer, parts: shares, part: share)
        for row in r0..<r1 {
            let (x, y) = (input + row * inner, output + row * inner)
            let (center, residue, deviation) = statistics(x, count: inner, epsilon: epsilon)
            // ((x − center)·r − residue·r)·gamma + beta, 8 lanes at a time.
            let centers = FloatVector(repeating: center)
            let factors = FloatVector(repeating: Float(deviation))
            let shifts = FloatVector(repeating: Float(-residue * deviation))
            @inline(__always) func normalize(_ i: Int, _ n: Int) {
                var v = (loadVector(x + i, count: n) - centers) * factors + shifts
                if let gamma { v *= loadVector(gamma + i, count: n) }
                if let beta { v += loadVector(beta + i, count: n) }
                storeVector(v, to: y + i, count: n)
            }
            let vectorEnd = inner & ~7
            for i in stride(from: 0, to: vectorEnd, by: 8) { normalize(i, 8) }
            if vectorEnd < inner { normalize(vectorEnd, inner - vectorEnd) }
            activation?.apply(y, count: inner)
        }
    }
}

// MARK: - Helpers

/// `y = (x − center) · factor + offset` on one plane, then the activation.
@inline(__always)
private func normalizePlane(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
    center: Float, factor: Float, offset: Float, activation: Activation?
) {
    mapVectors(x, y, count: count, Affine(center: center, factor: factor, offset: offset))
    activation?.apply(y, count: count)
}

/// `(x − center) · factor + offset`
private struct Affine: VectorFunction {
    let center: Float, factor: Float, offset: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { (x - center) * factor + offset }
}

/// The mean of `x[0..<count]` as a float `center` plus a Double `residue` (so that
/// `x − center − residue` stays accurate when the mean is large against the spread;
/// callers fold the residue into their offset), and 1/sqrt(variance + epsilon).
///
/// Corrected two-pass method: a first pass finds `center` ≈ Σx/n; the second sums
/// d = x − center, which is exact or nearly so, giving residue = Σd/n and
/// variance = Σd²/n − residue². Sums run in 8 Float lanes for 256 vectors at most, then
/// in Double.
@inline(__always)
func statistics(
    _ x: UnsafePointer<Float>, count: Int, epsilon: Float
) -> (center: Float, residue: Double, inverseDeviation: Double) {
    let vectorEnd = count & ~7
    var sum = 0.0
    var i = 0
    while i < vectorEnd {
        let blockEnd = min(vectorEnd, i + 2048)
        var partial = FloatVector()
        while i < blockEnd {
            partial += loadVector(x + i)
            i += 8
        }
        sum += Double(partial.sum())
    }
    for j in vectorEnd..<count { sum += Double(x[j]) }
    let center = Float(sum / Double(count))

    let centers = FloatVector(repeating: center)
    var (deviationSum, squareSum) = (0.0, 0.0)
    i = 0
    while i < vectorEnd {
        let blockEnd = min(vectorEnd, i + 2048)
        var deviations = FloatVector()
        var squares = FloatVector()
        while i < blockEnd {
            let d = loadVector(x + i) - centers
            deviations += d
            squares += d * d
            i += 8
        }
        deviationSum += Double(deviations.sum())
        squareSum += Double(squares.sum())
    }
    for j in vectorEnd..<count {
        let d = Double(x[j] - center)
        deviationSum += d
        squareSum += d * d
    }
    let n = Double(count)
    let residue = deviationSum / n
    let variance = max(0, squareSum / n - residue * residue)
    return (center, residue, 1 / (variance + Double(epsilon)).squareRoot())
}
