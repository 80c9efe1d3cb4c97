/// ONNX Where on run-time tensors: inputs `[condition, x, y]` (condition: BOOL held as
/// float 0/1), output their three-way numpy broadcast.
public struct WhereOp: GraphOp {
    /// A Where node (it has no attributes).
    public init() {}

    public var opName: String { "Where" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 3)
        return try whereShape(inputs[0], inputs[1], inputs[2])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let loops = TernaryBroadcastLoops(inputs, output: output)
        return KernelPlan { inputs, output, _ in
            whereSelect(inputs[0], inputs[1], inputs[2], into: output, loops: loops, workers: workers)
        }
    }
}
