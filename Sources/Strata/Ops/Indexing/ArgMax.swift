/// The ArgMax/ArgMin kernel (semantics at ``ArgMaxConfiguration``): the input as
/// `[outer, size, inner]`, the output `[outer, inner]` as float32 indices.
///
/// With `inner > 1` the scan runs on 8 neighbouring columns at once: a vector compare
/// picks the lanes where the element beats the best so far, and a select updates their
/// best values and indices, which is exactly the scalar rule per lane (NaN included). With
/// `inner == 1` (the last axis) each row is one scalar scan. Work is split over workers by
/// `outer` rows and column blocks.
struct ArgMaxPlanData: Sendable {
    let configuration: ArgMaxConfiguration
    let outer: Int, size: Int, inner: Int

    init(_ configuration: ArgMaxConfiguration, input: Shape) {
        self.configuration = configuration
        (outer, size, inner) = input.split(around: configuration.axis)
    }
}

func argMax(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, plan: ArgMaxPlanData, workers: Int) {
    let (outer, size, inner) = (plan.outer, plan.size, plan.inner)
    let columnBlocks = (inner + 7) / 8
    let units = outer * columnBlocks
    guard units > 0, size > 0 else { return }
    let shares = max(1, min(elementwiseShares(outer * size * inner, workers: workers), units))
    let (isMax, last) = (plan.configuration.kind == .max, plan.configuration.selectLastIndex)
    parallelFor(shares, workers: workers) { share in
        let (u0, u1) = evenSplit(units, parts: shares, part: share)
        for unit in u0..<u1 {
            let (o, block) = unit.quotientAndRemainder(dividingBy: columnBlocks)
            let source = x + o * size * inner, target = y + o * inner
            if inner == 1 {
                target[0] = switch (isMax, last) {
                case (true, false): scanRow(source, size) { $0 > $1 }
                case (true, true): scanRow(source, size) { $0 >= $1 }
                case (false, false): scanRow(source, size) { $0 < $1 }
                case (false, true): scanRow(source, size) { $0 <= $1 }
                }
                continue
            }
            let column = block * 8, lanes = min(8, inner - column)
            let result = switch (isMax, last) {
            case (true, false): scanColumns(source + column, size, inner, lanes) { $0 .> $1 }
            case (true, true): scanColumns(source + column, size, inner, lanes) { $0 .>= $1 }
            case (false, false): scanColumns(source + column, size, inner, lanes) { $0 .< $1 }
            case (false, true): scanColumns(source + column, size, inner, lanes) { $0 .<= $1 }
            }
            storeVector(result, to: target + column, count: lanes)
        }
    }
}

/// The index of the winner of one contiguous row: element k replaces the best when
/// `beats(x[k], best)`.
@inline(__always)
private func scanRow(_ x: UnsafePointer<Float>, _ size: Int, _ beats: (Float, Float) -> Bool) -> Float {
    var (best, index) = (x[0], 0)
    for k in 1..<max(size, 1) where beats(x[k], best) { (best, index) = (x[k], k) }
    return Float(index)
}

/// The winners' indices of `lanes` (1...8) neighbouring columns `stride` apart per step.
@inline(__always)
private func scanColumns(_ x: UnsafePointer<Float>, _ size: Int, _ stride: Int, _ lanes: Int,
                         _ beats: (FloatVector, FloatVector) -> SIMDMask<SIMD8<Int32>>) -> FloatVector {
    var best = loadVector(x, count: lanes)
    var index = FloatVector(repeating: 0)
    for k in 1..<max(size, 1) {
        let value = loadVector(x + k * stride, count: lanes)
        let wins = beats(value, best)
        best.replace(with: value, where: wins)
        index.replace(with: Float(k), where: wins)
    }
    return index
}
