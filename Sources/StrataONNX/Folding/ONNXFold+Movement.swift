import Strata

/// Folding of data movement on constants: Gather, Concat, Transpose (Slice is in
/// `ONNXFold+Slice.swift`).
extension ONNXOps {
    /// Gather (opsets 1, 11, 13): `output[i..., j..., k...] = data[i..., indices[j...], k...]`
    /// along `axis`; negative indices count from the end (opset 11+; ``constantIndices(_:)``
    /// refuses them before, as the run-time converter does).
    static func foldGather(_ node: ONNXNodeContext) throws {
        let data = try node.constant(0, "data"), indices = try node.constant(1, "indices")
        let axis = try node.axis(node.attributes.int("axis", default: 0), rank: data.rank)
        let size = data.dims[axis]
        let picked = try constantIndices(node).values.map { index -> Int in
            let resolved = index < 0 ? index + size : index
            guard resolved >= 0 && resolved < size else {
                throw NodeIssue("index \(index) is out of range for axis \(axis) of size \(size) (data dims \(data.dims))")
            }
            return resolved
        }
        let dims = Array(data.dims.prefix(axis)) + indices.dims + Array(data.dims.dropFirst(axis + 1))
        _ = try foldedCount(dims, "Gather output")
        let outer = data.dims.prefix(axis).reduce(1, *), inner = data.dims.dropFirst(axis + 1).reduce(1, *)
        var positions: [Int] = []
        positions.reserveCapacity(outer * picked.count * inner)
        for o in 0..<outer {
            for p in picked {
                let base = (o * size + p) * inner
                positions.append(contentsOf: base..<base + inner)
            }
        }
        node.fold(data.gathering(positions, dims: dims))
    }

    /// Concat of constants along `axis`: every input has the same rank and the same sizes
    /// on the other axes.
    static func foldConcat(_ node: ONNXNodeContext) throws {
        guard let given = try node.attributes.int("axis") else { throw NodeIssue("attribute axis is missing") }
        let parts = try (0..<node.inputCount).map { try node.constant($0, "input \($0)") }
        guard let first = parts.first else { throw NodeIssue("Concat needs at least one input; the node has none") }
        let axis = try node.axis(given, rank: first.rank)
        for (index, part) in parts.enumerated() where part.rank != first.rank
            || part.dims.indices.contains(where: { $0 != axis && part.dims[$0] != first.dims[$0] }) {
            throw NodeIssue("input \(index) has dims \(part.dims), input 0 has \(first.dims); concat along axis \(axis) needs equal sizes elsewhere")
        }
        let outer = first.dims.prefix(axis).reduce(1, *), inner = first.dims.dropFirst(axis + 1).reduce(1, *)
        var dims = first.dims
        dims[axis] = parts.reduce(0) { $0 + $1.dims[axis] }
        _ = try foldedCount(dims, "Concat output")
        func joined<T>(_ arrays: [[T]]) -> [T] {
            var result: [T] = []
            for o in 0..<outer {
                for (part, values) in zip(parts, arrays) {
                    let block = part.dims[axis] * inner
                    result.append(contentsOf: values[o * block..<(o + 1) * block])
                }
            }
            return result
        }
        if parts.allSatisfy({ !$0.isFloatingPoint }) {
            let arrays = try parts.map { try $0.int64s("input") }
            node.fold(ONNXConstant(dims: dims, values: .int(joined(arrays)), dataType: first.dataType))
        } else {
            node.fold(ONNXConstant(dims: dims, values: .float(joined(parts.map(\.floats))), dataType: first.dataType))
        }
    }

    /// Transpose (opsets 1, 13, 21) of any rank: output axis `j` is input axis `perm[j]`,
    /// `out[i_0, …, i_{r−1}] = data[i_{perm⁻¹(0)}, …]`; `perm` defaults to the reversed axes.
    static func foldTranspose(_ node: ONNXNodeContext) throws {
        let data = try node.constant(0, "data")
        let perm = try node.attributes.ints("perm") ?? Array(data.dims.indices.reversed())
        guard perm.count == data.rank, Set(perm) == Set(data.dims.indices) else {
            throw NodeIssue("perm \(perm) is not a permutation of the \(data.rank) axes of data \(data.dims)")
        }
        let strides = ONNXIndexWalk.strides(data.dims), dims = perm.map { data.dims[$0] }
        let walk = ONNXIndexWalk(dims: dims, operands: [.init(periods: dims.map { max($0, 1) }, strides: perm.map { strides[$0] })])
        node.fold(data.reading(walk))
    }

    /// Split of a constant along `axis` into the node's outputs, with the part sizes of
    /// ``splitAxisAndParts(_:dims:)`` (shared with the run-time converter): the `split`
    /// attribute (opsets 2-12) or input (13+), `num_outputs` (18+, the last part smaller),
    /// else equal parts.
    static func foldSplit(_ node: ONNXNodeContext) throws {
        let data = try node.constant(0, "input")
        let (axis, parts) = try splitAxisAndParts(node, dims: data.dims)
        let size = data.dims[axis]
        let outer = data.dims.prefix(axis).reduce(1, *), inner = data.dims.dropFirst(axis + 1).reduce(1, *)
        var start = 0
        var results: [ONNXConstant] = []
        for part in parts {
            var positions: [Int] = []
            positions.reserveCapacity(outer * part * inner)
            for o in 0..<outer {
                let base = (o * size + start) * inner
                positions.append(contentsOf: base..<base + part * inner)
            }
            var dims = data.dims
            dims[axis] = part
            results.append(data.gathering(positions, dims: dims))
            start += part
        }
        node.fold(results)
    }
}
