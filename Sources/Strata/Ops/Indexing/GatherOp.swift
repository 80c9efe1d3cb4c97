/// ONNX Gather (opsets 1, 11, 13) on a tensor of rank 1-8: the entries of `axis` picked by
/// `indices` of any rank `q`, giving rank `q + r − 1`:
///
///     y[j_0, …, j_{axis−1}, i_0, …, i_{q−1}, j_{axis+1}, …] = x[j_0, …, indices[i_0, …], j_{axis+1}, …]
///
/// Indices are either constants (exact, checked against the axis at plan time, negative
/// ones counting from the end) or a second input computed at run time, read as described
/// at `runtimeIndex(_:size:)`: a value that is not a whole number in range gathers NaN.
public struct GatherOp: GraphOp {
    /// The axis the indices pick along, as given (negative counts from the end).
    public let axis: Int
    /// The constant indices (row-major, shape ``indicesShape``), or nil when they are the
    /// op's second input.
    public let indices: [Int]?
    /// The constant indices' shape, or nil for run-time indices.
    public let indicesShape: Shape?

    /// Constant `indices` of `shape`: the op has one input, the data.
    public init(axis: Int, indices: [Int], shape: Shape) {
        (self.axis, self.indices, indicesShape) = (axis, indices, shape)
    }

    /// Indices computed at run time: the op's inputs are `[data, indices]`.
    public init(axis: Int) {
        (self.axis, indices, indicesShape) = (axis, nil, nil)
    }

    public var opName: String { "Gather" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        let (data, resolved) = try checkGatherInputs(inputs, axis: axis, constantIndices: indices != nil, name: "gather")
        let picked: Shape
        if let indices, let indicesShape {
            try checkConstantGatherIndices(indices, shape: indicesShape, data: data, axis: resolved, name: "gather")
            picked = indicesShape
        } else {
            picked = inputs[1]
        }
        let dims = Array(data.dimensions[..<resolved]) + picked.dimensions + Array(data.dimensions[(resolved + 1)...])
        guard dims.count <= Shape.maximumRank else {
            throw StrataError.invalidShape("gather of data \(data) by indices \(picked) along axis \(resolved) would have rank \(dims.count); expected at most \(Shape.maximumRank)")
        }
        return try Shape(dims)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        guard !output.isEmpty else { return KernelPlan { _, _, _ in } }
        let data = inputs[0]
        let (outer, size, inner) = data.split(around: axis)
        let constant = try indices.map { try resolveConstantIndices($0, size: size, what: "gather") }
        let plan = GatherPlanData(outer: outer, size: size, inner: inner,
                                  count: indicesShape?.elementCount ?? inputs[1].elementCount, constantIndices: constant)
        return KernelPlan { inputs, output, _ in
            gather(inputs[0], runtimeIndices: plan.constantIndices == nil ? inputs[1] : nil, into: output, plan: plan, workers: workers)
        }
    }
}

/// Gathered values are the data's, so they are integers when the data is (a bad run-time
/// index gathers NaN, which `strata run` reports rather than writes).
extension GatherOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}
