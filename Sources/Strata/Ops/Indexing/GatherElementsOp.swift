/// ONNX GatherElements (opsets 11, 13; PyTorch `gather`): `data` and `indices` of the same
/// rank r (1-8); the output has the indices' shape and takes, for every index element,
/// the data element at the same position except on `axis`, where the index says:
///
///     y[i_0, …, i_{r−1}] = data[i_0, …, indices[i_0, …, i_{r−1}], …, i_{r−1}]   // index on `axis`
///
/// On the other axes the indices' sizes may not exceed the data's (onnxruntime's rule).
/// Constant indices are checked at plan time and become one table of input offsets; run-time
/// indices are read as described at `runtimeIndex(_:size:)` (a bad one gathers NaN).
public struct GatherElementsOp: GraphOp {
    /// The axis the indices pick along, as given (negative counts from the end).
    public let axis: Int
    /// Constant indices (row-major, shape ``indicesShape``), or nil for a run-time second input.
    public let indices: [Int]?
    /// The constant indices' shape (the output's), or nil for run-time indices.
    public let indicesShape: Shape?

    /// Constant `indices` of `shape`: the op has one input, the data.
    public init(axis: Int, indices: [Int], shape: Shape) {
        (self.axis, self.indices, indicesShape) = (axis, indices, shape)
    }

    /// Indices computed at run time: the op's inputs are `[data, indices]`.
    public init(axis: Int) {
        (self.axis, indices, indicesShape) = (axis, nil, nil)
    }

    public var opName: String { "GatherElements" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        let (data, resolved) = try checkGatherInputs(inputs, axis: axis, constantIndices: indices != nil, name: "gather elements")
        let picked = indicesShape ?? inputs[1]
        guard picked.rank == data.rank,
              picked.dimensions.indices.allSatisfy({ $0 == resolved || picked[$0] <= data[$0] }) else {
            throw StrataError.shapeMismatch(
                "gather elements indices \(picked) do not fit data \(data) along axis \(resolved); expected rank \(data.rank) "
                    + "and sizes at most the data's on every other axis")
        }
        if let indices {
            try checkConstantGatherIndices(indices, shape: picked, data: data, axis: resolved, name: "gather elements")
        }
        return picked
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        guard !output.isEmpty else { return KernelPlan { _, _, _ in } }
        let data = inputs[0]
        let count = output.elementCount
        // Indices of the same rank and no larger elsewhere: an empty data tensor with a
        // non-empty output has size 0 on the axis, where no run-time index is valid.
        guard !data.isEmpty else { return KernelPlan { _, output, _ in output.update(repeating: .nan, count: count) } }
        let axis = Shape.wrap(axis: axis, rank: data.rank)
        let (size, strides) = (data[axis], data.strides)
        let axisStride = strides[axis]
        // Per output element, the data offset of its position with the axis index 0.
        var bases = [Int](repeating: 0, count: count)
        for position in bases.indices {
            var (rest, offset) = (position, 0)
            for k in stride(from: output.rank - 1, through: 0, by: -1) {
                let i: Int
                (rest, i) = rest.quotientAndRemainder(dividingBy: output[k])
                if k != axis { offset += i * strides[k] }
            }
            bases[position] = offset
        }
        let shares = elementwiseShares(count, workers: workers)
        if let indices {
            let resolved = try resolveConstantIndices(indices, size: size, what: "gather elements")
            let offsets = bases.indices.map { bases[$0] + resolved[$0] * axisStride }
            return KernelPlan { inputs, output, _ in
                let x = inputs[0]
                parallelFor(shares, workers: workers) { share in
                    let (start, end) = evenSplit(count, parts: shares, part: share)
                    for i in start..<end { output[i] = x[offsets[i]] }
                }
            }
        }
        let fixedBases = bases
        return KernelPlan { inputs, output, _ in
            let (x, picked) = (inputs[0], inputs[1])
            parallelFor(shares, workers: workers) { share in
                let (start, end) = evenSplit(count, parts: shares, part: share)
                for i in start..<end {
                    output[i] = runtimeIndex(picked[i], size: size).map { x[fixedBases[i] + $0 * axisStride] } ?? .nan
                }
            }
        }
    }
}

extension GatherElementsOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}
