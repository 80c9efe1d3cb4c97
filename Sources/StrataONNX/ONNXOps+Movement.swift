import Strata

/// Slice, Split, Tile, Expand, Gather, GatherElements, ArgMax and ArgMin on tensors
/// computed at run time (their constant folds are in `Folding/`). Operands that shape the
/// result (starts, ends, axes, steps, split sizes, repeats, the target shape) must be
/// constants; Gather's and GatherElements' indices may be constants (exact, checked at
/// import) or computed at run time (see `RuntimeIndex.swift` in Strata for how those are
/// read).
extension ONNXOps {
    /// Slice's bounds: the `starts`, `ends`, `axes` attributes before opset 10; the
    /// `starts`, `ends`, `axes`, `steps` inputs (constants) from opset 10. Negative axes
    /// arrived in opset 11. The values are kept as given; ``SliceConfiguration`` clamps them.
    static func sliceConfiguration(_ node: ONNXNodeContext) throws -> SliceConfiguration {
        let starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?
        if node.opset < 10 {
            try node.requireAbsent(input: 1, since: 10, "starts")
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
        for axis in axes ?? [] { try node.requireNonNegativeBeforeOpset11(axis, "axes value") }
        return SliceConfiguration(starts: starts, ends: ends, axes: axes, steps: steps)
    }

    static func slice(_ node: ONNXNodeContext) throws {
        try node.emit(SliceOp(sliceConfiguration(node)), inputs: [node.activation(0)])
    }

    /// Split's axis (negative from opset 11) and part sizes for an axis of `size`, with
    /// `outputs` outputs: the `split` attribute (opsets 2-12) or input (13+); else from
    /// opset 18 the `num_outputs` attribute, every part ⌈size / n⌉ but the last smaller
    /// (onnxruntime: 2 into 3 gives 1, 1, 0); else, before 18, equal parts. From opset 18
    /// one of `split` and `num_outputs` must be given, not both.
    static func splitAxisAndParts(_ node: ONNXNodeContext, dims: [Int]) throws -> (axis: Int, parts: [Int]) {
        let given = try node.attributes.int("axis", default: 0)
        try node.requireNonNegativeBeforeOpset11(given)
        let axis = try node.axis(given, rank: dims.count)
        let size = dims[axis], outputs = node.node.output.count
        try node.requireAbsent(input: 1, since: 13, "split")
        if node.opset >= 13, node.node.attribute.contains(where: { $0.name == "split" }) {
            throw NodeIssue("attribute 'split' not supported from opset 13 (the model imports opset \(node.opset)); Split-13 takes the sizes as input 1")
        }
        let count = node.opset >= 18 ? try node.attributes.int("num_outputs") : nil
        var parts: [Int]
        if node.opset < 13, let sizes = try node.attributes.ints("split") {
            parts = sizes
        } else if node.opset >= 13, node.has(1) {
            guard count == nil else { throw NodeIssue("Split has both the split input and num_outputs \(count!); the spec allows one") }
            parts = try indexValues(node.constant(1, "split"), "split")
        } else if let count {
            guard count >= 1, count == outputs else {
                throw NodeIssue("num_outputs \(count) does not match the node's \(outputs) outputs")
            }
            let chunk = (size + count - 1) / count
            // As onnxruntime: ⌈size / n⌉ each must leave the last part at least one element
            // (2, 2, 2, 0, 0 for 6 in 5 is refused there: "a negative final split").
            guard size == 0 || chunk * (count - 1) < size else {
                throw NodeIssue("num_outputs \(count) cannot split axis \(axis) of size \(size): parts of ⌈\(size)/\(count)⌉ = \(chunk) leave the last ones empty")
            }
            parts = (0..<count).map { max(0, min(chunk, size - $0 * chunk)) }
        } else if node.opset >= 18 {
            throw NodeIssue("Split from opset 18 needs the split input or the num_outputs attribute; the node has neither")
        } else {
            guard outputs >= 1, size % outputs == 0 else {
                throw NodeIssue("axis \(axis) of size \(size) does not split into \(outputs) equal parts; give split sizes")
            }
            parts = Array(repeating: size / outputs, count: outputs)
        }
        // The sum is checked without overflow: every part must be in 0...size.
        guard parts.count == outputs, parts.allSatisfy({ $0 >= 0 && $0 <= size }), parts.reduce(0, +) == size else {
            throw NodeIssue("split sizes \(parts) do not cover axis \(axis) of size \(size) in \(outputs) outputs")
        }
        return (axis, parts)
    }

    /// Each wanted output becomes its own ``SliceOp`` node, named after the output.
    static func split(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        let (axis, parts) = try splitAxisAndParts(node, dims: x.dimensions)
        let input = try node.activation(0)
        var start = 0
        for (index, part) in parts.enumerated() {
            if node.wants(output: index) {
                try node.emit(SliceOp(axis: axis, start: start, end: start + part), inputs: [input], name: node.node.output[index])
            }
            start += part
        }
    }

    /// Tile (opsets 6, 13): `repeats` a constant 1-D integer tensor, one value >= 0 per axis.
    static func tile(_ node: ONNXNodeContext) throws {
        let repeats = try node.constant(1, "repeats")
        guard repeats.rank == 1 else { throw NodeIssue("Tile's repeats must be 1-D; got \(repeats.summary)") }
        try node.emit(TileOp(repeats: indexValues(repeats, "repeats")), inputs: [node.activation(0)])
    }

    /// Expand (opsets 8, 13): `shape` a constant 1-D integer tensor of sizes >= 0.
    static func expand(_ node: ONNXNodeContext) throws {
        let value = try node.constant(1, "shape")
        guard value.rank == 1 else { throw NodeIssue("Expand's shape must be 1-D; got \(value.summary)") }
        let dims = try indexValues(value, "shape")
        let shape: Shape
        do { shape = try Shape(dims) } catch { throw NodeIssue("Expand's shape \(dims): \(error)") }
        try node.emit(ExpandOp(shape: shape), inputs: [node.activation(0)])
    }

    /// Constant indices of Gather or GatherElements with their shape; negative ones only
    /// from opset 11 (Gather-1 asks for indices in range, Gather-11 allows `−s...s−1`).
    static func constantIndices(_ node: ONNXNodeContext) throws -> (values: [Int], shape: Shape) {
        let value = try node.constant(1, "indices")
        let indices = try indexValues(value, "indices")
        if node.opset < 11, let negative = indices.first(where: { $0 < 0 }) {
            throw NodeIssue("index \(negative) is negative; \(node.opType) accepts negative indices from opset 11 (the model imports opset \(node.opset))")
        }
        do { return (indices, try Shape(value.dims)) } catch { throw NodeIssue("indices dims \(value.dims): \(error)") }
    }

    /// Gather (opsets 1, 11, 13) of data of rank 1-8 along `axis`; the indices are a
    /// constant (checked against the axis at import) or a run-time tensor.
    static func gather(_ node: ONNXNodeContext) throws {
        let axis = try node.attributes.int("axis", default: 0)
        if node.isConstant(1) {
            let (indices, shape) = try constantIndices(node)
            try node.emit(GatherOp(axis: axis, indices: indices, shape: shape), inputs: [node.activation(0)])
        } else {
            try node.emit(GatherOp(axis: axis), inputs: [node.activation(0), node.activation(1)])
        }
    }

    /// GatherElements (opsets 11, 13), indices constant or computed at run time.
    static func gatherElements(_ node: ONNXNodeContext) throws {
        let axis = try node.attributes.int("axis", default: 0)
        if node.isConstant(1) {
            let (indices, shape) = try constantIndices(node)
            try node.emit(GatherElementsOp(axis: axis, indices: indices, shape: shape), inputs: [node.activation(0)])
        } else {
            try node.emit(GatherElementsOp(axis: axis), inputs: [node.activation(0), node.activation(1)])
        }
    }

    /// ArgMax/ArgMin's attributes: `axis` (default 0, negative from opset 11), `keepdims`
    /// (default 1), `select_last_index` (opset 12, default 0).
    static func argMaxConfiguration(_ node: ONNXNodeContext, _ kind: ArgMaxKind) throws -> ArgMaxConfiguration {
        let axis = try node.attributes.int("axis", default: 0)
        try node.requireNonNegativeBeforeOpset11(axis)
        let keepDims = try node.attributes.int("keepdims", default: 1) != 0
        // select_last_index arrived in opset 12; before it the attribute stays unread (reported).
        let last = node.opset >= 12 ? try node.attributes.int("select_last_index", default: 0) != 0 : false
        return ArgMaxConfiguration(kind, axis: axis, keepDims: keepDims, selectLastIndex: last)
    }

    static func argMax(_ node: ONNXNodeContext, _ kind: ArgMaxKind) throws {
        try node.emit(ArgMaxOp(argMaxConfiguration(node, kind)), inputs: [node.activation(0)])
    }
}
