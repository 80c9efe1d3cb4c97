/// ONNX Tile (opsets 6, 13; numpy `tile` without broadcasting): axis `k` of size `d_k`
/// repeated `repeats[k]` times (one value >= 0 per axis).
///
///     y.shape[k] = d_k · repeats[k],   y[i_0, …] = x[i_0 mod d_0, …]
///
/// One `StridedCopy` that views each output axis as the pair `[repeats, d]` with strides
/// `[0, stride]`: whole input rows are copied with memcpy and the repeats walk over them.
public struct TileOp: GraphOp {
    /// Repeats per axis, one per input axis, each >= 0.
    public let repeats: [Int]

    /// A Tile node; `repeats` is checked against the input's rank when the node is added.
    public init(repeats: [Int]) { self.repeats = repeats }

    public var opName: String { "Tile" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        let x = inputs[0]
        guard repeats.count == x.rank, repeats.allSatisfy({ $0 >= 0 }) else {
            throw StrataError.invalidArgument(
                "tile repeats \(repeats) do not fit input \(x); expected \(x.rank) value\(x.rank == 1 ? "" : "s") >= 0, one per axis")
        }
        var dims: [Int] = []
        for (axis, (size, times)) in zip(x.dimensions, repeats).enumerated() {
            let (product, overflow) = size.multipliedReportingOverflow(by: times)
            guard !overflow else {
                throw StrataError.invalidArgument("tile of \(x) by repeats \(repeats): axis \(axis) would have \(size) × \(times) elements, more than fit in Int")
            }
            dims.append(product)
        }
        return try Shape(dims)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        guard !output.isEmpty else { return KernelPlan { _, _, _ in } }
        let input = inputs[0]
        let strides = input.strides
        let copy = StridedCopy(base: 0, sizes: (0..<input.rank).flatMap { [repeats[$0], input[$0]] },
                               strides: (0..<input.rank).flatMap { [0, strides[$0]] })
        return KernelPlan { inputs, output, _ in copy.run(inputs[0], output, workers: workers) }
    }
}

extension TileOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}
