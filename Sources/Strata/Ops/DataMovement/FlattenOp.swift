/// `[N, d1, d2, ...] → [N, d1·d2·...]` (ONNX Flatten with axis 1). Row-major data does not
/// move, so the compiled graph aliases the input buffer instead of copying.
public struct FlattenOp: GraphOp {
    /// A flatten node (it has no attributes).
    public init() {}

    public var opName: String { "Flatten" }
    public var aliasesInput: Bool { true }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        let x = inputs[0]
        try expectNotScalar(x, name: "flatten input", " [N, ...]")
        // The product of the trailing sizes, not elementCount / N: N may be 0.
        return try Shape([x[0], x.checkedProduct(1..<x.rank, "flatten: the sizes after the first")])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        KernelPlan.copy(count: output.elementCount)
    }
}
