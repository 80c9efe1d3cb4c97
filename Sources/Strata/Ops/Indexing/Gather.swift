/// ONNX Gather along one axis: with `data` seen as `[outer, size, inner]` (the sizes before,
/// at and after the axis) and `q` indices,
///
///     y[o, j, i] = data[o, indices[j], i]        // y: [outer, q, inner]
///
/// so the kernel copies `outer·q` blocks of `inner` contiguous floats, split over workers.
struct GatherPlanData: Sendable {
    let outer: Int, size: Int, inner: Int
    /// Number of indices.
    let count: Int
    /// Constant indices, resolved to `0..<size`; nil when they are read at run time
    /// (see ``runtimeIndex(_:size:)``).
    let constantIndices: [Int]?
}

/// Gathers from `x` into `y` (`outer·count·inner` floats); `runtimeIndices` holds the
/// `count` indices when the plan has no constant ones.
func gather(_ x: UnsafePointer<Float>, runtimeIndices: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>,
            plan: GatherPlanData, workers: Int) {
    let blocks = plan.outer * plan.count, inner = plan.inner
    guard blocks > 0, inner > 0 else { return }
    let shares = max(1, min(elementwiseShares(blocks * inner, workers: workers), blocks))
    parallelFor(shares, workers: workers) { share in
        let (b0, b1) = evenSplit(blocks, parts: shares, part: share)
        var (o, j) = b0.quotientAndRemainder(dividingBy: plan.count)
        for block in b0..<b1 {
            let index: Int? = if let constant = plan.constantIndices { constant[j] } else { runtimeIndex(runtimeIndices![j], size: plan.size) }
            let target = y + block * inner
            if let index {
                let source = x + (o * plan.size + index) * inner
                if inner == 1 { target[0] = source[0] } else { target.update(from: source, count: inner) }
            } else {
                target.update(repeating: .nan, count: inner)
            }
            j += 1
            if j == plan.count { (o, j) = (o + 1, 0) }
        }
    }
}
