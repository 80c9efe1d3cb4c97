/// Dropout (PyTorch `nn.Dropout`, ONNX Dropout): at inference the identity, so a compiled
/// graph aliases the input as for ``FlattenOp``; in training (see its `TrainableOp`
/// conformance) each element is zeroed with probability ``probability`` and the survivors
/// scaled by 1/(1 − p) ("inverted dropout"), so eval needs no rescaling.
public struct DropoutOp: GraphOp {
    /// p, the probability of zeroing an element in training, in [0, 1].
    public let probability: Float

    /// A dropout node.
    /// - Throws: ``StrataError/invalidArgument(_:)`` when `probability` is not in [0, 1]
    ///   (PyTorch: "dropout probability has to be between 0 and 1").
    public init(probability: Float = 0.5) throws {
        guard probability >= 0 && probability <= 1 else {
            throw StrataError.invalidArgument("dropout probability must be in [0, 1], got \(probability)")
        }
        self.probability = probability
    }

    public var opName: String { "Dropout" }
    public var aliasesInput: Bool { true }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return inputs[0]
    }

    /// Inference: a copy (the compiled graph aliases instead).
    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        KernelPlan.copy(count: output.elementCount)
    }
}
