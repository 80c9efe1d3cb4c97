/// A contiguous stretch of its input, `offset` floats in, under `shape`: the outputs of an
/// op that computes several tensors into one buffer (``RecurrentOp``'s Y, Y_h, Y_c).
public struct SegmentOp: GraphOp {
    /// Floats of the input before the segment starts.
    public let offset: Int
    /// The segment's shape; its element count floats are read from `offset` on.
    public let shape: Shape

    /// A segment node; the range is checked against the input's size when the node is added.
    public init(offset: Int, shape: Shape) {
        self.offset = offset
        self.shape = shape
    }

    public var opName: String { "Segment" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        guard offset >= 0, offset <= inputs[0].elementCount - shape.elementCount else {
            throw StrataError.invalidArgument(
                "segment of \(shape.elementCount) floats at offset \(offset) does not fit an input of \(inputs[0].elementCount)")
        }
        return shape
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (offset, count) = (offset, shape.elementCount)
        return KernelPlan { inputs, output, _ in output.update(from: inputs[0] + offset, count: count) }
    }
}
