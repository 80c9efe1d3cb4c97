/// Folding of Slice.
extension ONNXOps {
    /// Slice: opset 1 takes `starts`, `ends`, `axes` attributes; opsets 10, 11, 13 take
    /// `starts`, `ends`, `axes`, `steps` inputs. Per sliced axis of size `d` (the spec's
    /// Slice-13 text, numpy's `data[start:end:step]`):
    /// - `axes` default to `0..<len(starts)`, negative ones add the rank; `steps` default
    ///   to 1 and must not be 0; an axis named twice is an error.
    /// - A negative start or end adds `d`. Then for `step > 0` both are clamped to `[0, d]`;
    ///   for `step < 0` start to `[0, d − 1]` and end to `[−1, d − 1]`, so INT64_MAX and
    ///   INT64_MIN (what exporters write for "to the end") work either way.
    /// - The axis keeps `max(0, ⌈(end − start) / step⌉)` elements `start, start + step, …`.
    static func foldSlice(_ node: ONNXNodeContext) throws {
        let data = try node.constant(0, "data")
        let starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?
        if node.opset < 10 {
            guard let given = try node.attributes.ints("starts"), let end = try node.attributes.ints("ends") else {
                throw NodeIssue("attributes starts and ends are required (Slice before opset 10)")
            }
            (starts, ends, axes, steps) = (given, end, try node.attributes.ints("axes"), nil)
        } else {
            starts = try indexValues(node.constant(1, "starts"), "starts")
            ends = try indexValues(node.constant(2, "ends"), "ends")
            axes = node.has(3) ? try indexValues(node.constant(3, "axes"), "axes") : nil
            steps = node.has(4) ? try indexValues(node.constant(4, "steps"), "steps") : nil
        }
        let axisList = axes ?? Array(0..<starts.count), stepList = steps ?? Array(repeating: 1, count: starts.count)
        guard ends.count == starts.count, axisList.count == starts.count, stepList.count == starts.count else {
            throw NodeIssue("starts \(starts), ends \(ends), axes \(axisList) and steps \(stepList) must have one length")
        }
        var dims = data.dims, first = [Int](repeating: 0, count: data.rank), step = [Int](repeating: 1, count: data.rank)
        var seen = Set<Int>()
        for i in starts.indices {
            let axis = try node.axis(axisList[i], rank: data.rank, "axes value")
            guard seen.insert(axis).inserted else { throw NodeIssue("axes \(axisList) name axis \(axis) twice") }
            let size = data.dims[axis], by = stepList[i]
            guard by != 0 else { throw NodeIssue("steps \(stepList) hold 0 for axis \(axis); a step must be nonzero") }
            // A negative value plus a size >= 0 cannot overflow.
            var (start, end) = (starts[i] < 0 ? starts[i] + size : starts[i], ends[i] < 0 ? ends[i] + size : ends[i])
            if by > 0 {
                (start, end) = (min(max(start, 0), size), min(max(end, 0), size))
                dims[axis] = end > start ? 1 + (end - start - 1) / by : 0
            } else {
                (start, end) = (min(max(start, 0), size - 1), min(max(end, -1), size - 1))
                // start − end is at most `size`; −by overflows only for Int.min, which takes one element.
                dims[axis] = start > end ? (by == .min ? 1 : 1 + (start - end - 1) / -by) : 0
            }
            (first[axis], step[axis]) = (start, by)
        }
        _ = try foldedCount(dims, "Slice output")
        let strides = ONNXIndexWalk.strides(data.dims)
        let base = dims.contains(0) ? 0 : zip(first, strides).reduce(0) { $0 + $1.0 * $1.1 }
        // A step's stride is only used on axes with more than one element, where it fits.
        let walk = ONNXIndexWalk(dims: dims, operands: [
            .init(base: base, periods: dims.map { max($0, 1) }, strides: zip(step, strides).map { $0 &* $1 }),
        ])
        node.fold(data.reading(walk))
    }
}
