/// Naive data movement and indexing on row-major arrays: Slice, Tile, Expand, Gather,
/// GatherElements, ArgMax/ArgMin. Each output element is found from its full index,
/// written from the ONNX operator text, independently of the engine's kernels (which
/// reduce everything to strided copies and offset tables).
extension Reference {
    /// The kept indices of one axis of size `size` under ONNX Slice-13: negative bounds
    /// count from the end, then are clamped (forward: both into `0...size`; backward:
    /// start into `0...size−1`, end into `−1...size−1`); the kept indices are those
    /// reached from start by whole steps before passing end, found by testing every index.
    public static func sliceIndices(start: Int, end: Int, step: Int, size: Int) -> [Int] {
        let s = start < 0 ? start + size : start, e = end < 0 ? end + size : end
        let magnitude = step.magnitude
        if step > 0 {
            let (from, to) = (Swift.min(Swift.max(s, 0), size), Swift.min(Swift.max(e, 0), size))
            return (0..<size).filter { $0 >= from && $0 < to && UInt($0 - from) % magnitude == 0 }
        }
        let (from, to) = (Swift.min(Swift.max(s, 0), size - 1), Swift.min(Swift.max(e, -1), size - 1))
        return (0..<size).reversed().filter { $0 <= from && $0 > to && UInt(from - $0) % magnitude == 0 }
    }

    /// ONNX Slice: `axes` already resolved (non-negative, distinct); returns the values and
    /// the output shape.
    public static func slice(_ x: [Float], shape: [Int], starts: [Int], ends: [Int], axes: [Int], steps: [Int])
        -> (values: [Float], shape: [Int]) {
        var kept = shape.map { Array(0..<$0) }
        for i in axes.indices {
            kept[axes[i]] = sliceIndices(start: starts[i], end: ends[i], step: steps[i], size: shape[axes[i]])
        }
        let outShape = kept.map(\.count)
        let values = (0..<outShape.reduce(1, *)).map { flat -> Float in
            let out = multiIndex(flat, outShape)
            return x[flatIndex(out.indices.map { kept[$0][out[$0]] }, shape)]
        }
        return (values, outShape)
    }

    /// ONNX Tile: `y[i] = x[i mod shape]` on every axis.
    public static func tile(_ x: [Float], shape: [Int], repeats: [Int]) -> [Float] {
        let outShape = shape.indices.map { shape[$0] * repeats[$0] }
        return (0..<outShape.reduce(1, *)).map { flat in
            let out = multiIndex(flat, outShape)
            return x[flatIndex(out.indices.map { out[$0] % shape[$0] }, shape)]
        }
    }

    /// ONNX Expand: `x` broadcast with `target` (numpy's rule, both ways); returns the values
    /// and the output shape. The shapes must broadcast.
    public static func expand(_ x: [Float], shape: [Int], target: [Int]) -> (values: [Float], shape: [Int]) {
        let rank = Swift.max(shape.count, target.count)
        let a = [Int](repeating: 1, count: rank - shape.count) + shape
        let b = [Int](repeating: 1, count: rank - target.count) + target
        let outShape = (0..<rank).map { a[$0] == 1 ? b[$0] : a[$0] }
        let values = (0..<outShape.reduce(1, *)).map { flat -> Float in
            let out = multiIndex(flat, outShape)
            return x[flatIndex((0..<rank).map { a[$0] == 1 ? 0 : out[$0] }, a)]
        }
        return (values, outShape)
    }

    /// An index as ONNX reads it, or nil: a whole number in `−size..<size` (negative from
    /// the end). Indices come as Double so both exact constants and float run-time values fit.
    static func index(_ value: Double, size: Int) -> Int? {
        guard value == value.rounded(), value >= Double(-size), value < Double(size) else { return nil }
        let i = Int(value)
        return i < 0 ? i + size : i
    }

    /// ONNX Gather along `axis` (resolved) by `indices` of `indicesShape`; an index that is
    /// not a whole number in range gathers NaN (Strata's rule for run-time indices).
    public static func gather(_ x: [Float], shape: [Int], axis: Int, indices: [Double], indicesShape: [Int]) -> [Float] {
        let outShape = Array(shape[..<axis]) + indicesShape + Array(shape[(axis + 1)...])
        let q = indicesShape.count
        return (0..<outShape.reduce(1, *)).map { flat in
            let out = multiIndex(flat, outShape)
            let picked = Array(out[axis..<(axis + q)])
            guard let k = index(indices[flatIndex(picked, indicesShape)], size: shape[axis]) else { return .nan }
            return x[flatIndex(Array(out[..<axis]) + [k] + Array(out[(axis + q)...]), shape)]
        }
    }

    /// ONNX GatherElements along `axis` (resolved): the output has the indices' shape; a bad
    /// index gathers NaN.
    public static func gatherElements(_ x: [Float], shape: [Int], axis: Int, indices: [Double], indicesShape: [Int]) -> [Float] {
        (0..<indices.count).map { flat in
            var at = multiIndex(flat, indicesShape)
            guard let k = index(indices[flat], size: shape[axis]) else { return .nan }
            at[axis] = k
            return x[flatIndex(at, shape)]
        }
    }

    /// ONNX ArgMax (`kind` "max") or ArgMin ("min") along `axis` (resolved), as onnxruntime
    /// computes it: the first element is the best so far, and element k takes its place
    /// when it compares strictly better (or better or equal with `selectLast`), so a NaN
    /// only wins in first place. Returns one index per position of the other axes, in order.
    public static func argMax(_ x: [Float], shape: [Int], axis: Int, kind: String, selectLast: Bool) -> [Float] {
        var outShape = shape
        outShape[axis] = 1
        return (0..<outShape.reduce(1, *)).map { flat in
            var at = multiIndex(flat, outShape)
            var (best, winner) = (Double.nan, 0)
            for k in 0..<shape[axis] {
                at[axis] = k
                let value = Double(x[flatIndex(at, shape)])
                let better = kind == "max" ? (selectLast ? value >= best : value > best) : (selectLast ? value <= best : value < best)
                if k == 0 || better { (best, winner) = (value, k) }
            }
            return Float(winner)
        }
    }
}
