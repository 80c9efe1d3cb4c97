/// Global pooling (ONNX `GlobalAveragePool`/`GlobalMaxPool`, PyTorch
/// `AdaptiveAvgPool2d(1)`/`AdaptiveMaxPool2d(1)`): one value per plane.
///
///     x: [N, C, H, W]  →  y: [N, C, 1, 1]
///     average: y[n, c] = (1 / (H·W)) · Σ_{h, w} x[n, c, h, w]
///     max:     y[n, c] = max_{h, w} x[n, c, h, w]          (a NaN in the plane gives NaN)
public func globalPoolOutputShape(input: Shape) throws -> Shape {
    try expectRank(input, 4, name: "global pool input", layout: "[N, C, H, W]")
    guard input[2] >= 1 && input[3] >= 1 else {
        throw StrataError.invalidShape(
            "global pool input has shape \(input) with an empty plane (H \(input[2]), W \(input[3])); expected H and W "
                + ">= 1: an empty plane has no average or maximum (only N or C may be 0, as in onnxruntime)")
    }
    return try Shape([input[0], input[1], 1, 1])
}

/// Global max or average pooling of `batchChannels` planes of `planeSize` = H·W floats.
///
/// - Parameters:
///   - kind: max or average.
///   - input: `[N·C, H·W]`
///   - batchChannels: planes, N·C.
///   - planeSize: floats per plane, H·W (at least 1).
///   - output: `[N·C]`, overwritten.
///   - workers: threads the planes are spread over.
///
/// Planes are spread over `workers` threads; each plane is reduced with 16 SIMD lanes
/// (16 partial sums also keep the float rounding error of a long sum small). Allocates nothing.
public func globalPool2d(
    _ kind: PoolKind, input: UnsafePointer<Float>, batchChannels: Int, planeSize: Int,
    output: UnsafeMutablePointer<Float>, workers: Int
) {
    let shares = min(max(workers, 1), batchChannels)
    parallelFor(shares, workers: workers) { share in
        let (p0, p1) = evenSplit(batchChannels, parts: shares, part: share)
        for p in p0..<p1 {
            let plane = input + p * planeSize
            switch kind {
            case .average: output[p] = planeSum(plane, count: planeSize) / Float(planeSize)
            case .max: output[p] = planeMax(plane, count: planeSize)
            }
        }
    }
}

/// Σ x[i] for i in 0..<count, in 16 lanes then across them.
@inline(__always)
private func planeSum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD16<Float>.zero
    var i = 0
    while i + 16 <= count {
        lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
        i += 16
    }
    var sum = lanes.sum()
    while i < count {
        sum += x[i]
        i += 1
    }
    return sum
}

/// max x[i] for i in 0..<count (count >= 1), NaN winning as in ``PoolKind/max``.
@inline(__always)
private func planeMax(_ x: UnsafePointer<Float>, count: Int) -> Float {
    // `v > lanes ? v : lanes` is one `maxps` (which drops NaNs), so NaNs are noted apart.
    var lanes = SIMD16<Float>(repeating: -.infinity)
    var nan = SIMDMask<SIMD16<Int32>>(repeating: false)
    var i = 0
    while i + 16 <= count {
        let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
        lanes.replace(with: v, where: v .> lanes)
        nan .|= v .!= v
        i += 16
    }
    if any(nan) { return .nan }
    var best = lanes.max()
    while i < count {
        if x[i] > best || x[i] != x[i] { best = x[i] }
        i += 1
    }
    return best
}
