/// A node with no inputs whose output is a fixed tensor: an operand of a binary op that is
/// a weight rather than an activation (an ONNX initializer feeding Add or Mul).
///
/// Its plan copies the tensor into the node's arena slot on every run, so the planner
/// needs no special case (a buffer of a constant lives from its node to its last reader).
/// The copy costs one pass over a usually tiny tensor.
public struct ConstantOp: GraphOp {
    /// The constant, copied to the node's output on every run.
    public let value: Tensor
    /// The exact values, for a constant an importer computed as integers (a folded Shape
    /// or Size): `value` holds them as float32, which is exact only up to 2^24.
    public let integerValues: [Int64]?

    /// A constant node with `value` (and its exact integers, when an importer has them).
    public init(_ value: Tensor, integerValues: [Int64]? = nil) {
        self.value = value
        self.integerValues = integerValues
    }

    public var opName: String { "Constant" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 0)
        return value.shape
    }

    public var parameters: [(name: String, value: Tensor)] { [("value", value)] }

    public func replacingParameters(_ values: [String: Tensor]) -> any GraphOp { ConstantOp(values["value"] ?? value, integerValues: values["value"] == nil ? integerValues : nil) }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let value = value
        return KernelPlan { _, output, _ in value.withUnsafeBufferPointer { output.update(from: $0.baseAddress!, count: $0.count) } }
    }
}
