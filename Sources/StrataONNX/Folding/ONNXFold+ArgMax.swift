import Strata

/// Folding of ArgMax and ArgMin (a class index computed from constants, or an index in
/// shape arithmetic): the same attributes and rule as ``ArgMaxConfiguration`` (the first
/// element is the best so far; a later one replaces it only when strictly better, or
/// better or equal with `select_last_index`, so NaN wins only in first place), on float
/// or exact integer values. The output is INT64.
extension ONNXOps {
    static func foldArgMax(_ node: ONNXNodeContext, _ kind: ArgMaxKind) throws {
        let data = try node.constant(0, "data")
        let configuration = try argMaxConfiguration(node, kind)
        guard data.rank >= 1 else { throw NodeIssue("\(kind.onnxName) needs data of rank >= 1; got a scalar") }
        let axis = try node.axis(configuration.axis, rank: data.rank)
        let size = data.dims[axis]
        var dims = data.dims
        if configuration.keepDims { dims[axis] = 1 } else { dims.remove(at: axis) }
        let count = try foldedCount(dims, "\(kind.onnxName) output")
        guard size > 0 || count == 0 else {
            throw NodeIssue("\(kind.onnxName) along axis \(axis) of data \(data.dims): the axis is empty, so there is no element to pick")
        }
        let inner = data.dims.dropFirst(axis + 1).reduce(1, *)
        let (isMax, last) = (kind == .max, configuration.selectLastIndex)
        func indices<T: Comparable>(_ values: [T]) -> [Int64] {
            (0..<count).map { position in
                let (o, i) = position.quotientAndRemainder(dividingBy: inner)
                let base = o * size * inner + i
                var (best, winner) = (values[base], 0)
                for k in 1..<max(size, 1) {
                    let value = values[base + k * inner]
                    let better = isMax ? (last ? value >= best : value > best) : (last ? value <= best : value < best)
                    if better { (best, winner) = (value, k) }
                }
                return Int64(winner)
            }
        }
        let result: [Int64] = switch data.values {
        case .float(let values): indices(values)
        case .int(let values): indices(values)
        }
        node.fold(ONNXConstant(dims: dims, integers: result))
    }
}
