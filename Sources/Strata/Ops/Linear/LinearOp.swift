/// Fully connected layer `y[N, out] = x[N, in] · Wᵀ + b`, W `[out, in]` (PyTorch layout),
/// optionally with a fused activation epilogue.
public struct LinearOp: GraphOp, ActivationFusable {
    /// W, `[out, in]` (PyTorch's `nn.Linear.weight`; ONNX Gemm with `transB = 1`).
    public let weight: Tensor
    /// b, `[out]`, or nil for no bias.
    public let bias: Tensor?
    /// Applied to the output in the GEMM epilogue (set by fusion), or nil.
    public let activation: Activation?

    /// A linear node; the weight's `in` is checked against the input's last axis when the node is added.
    public init(weight: Tensor, bias: Tensor?, activation: Activation? = nil) {
        (self.weight, self.bias, self.activation) = (weight, bias, activation)
    }

    public var opName: String { activation.map { "Linear+\($0.name)" } ?? "Linear" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        try expectRank(inputs[0], 2, name: "linear input", layout: "[N, features] (flatten first)")
        return try linearShape(input: inputs[0], weight: weight.shape, bias: bias?.shape)
    }

    public var parameters: [(name: String, value: Tensor)] { weightAndBiasParameters(weight, bias) }

    public func replacingParameters(_ values: [String: Tensor]) -> any GraphOp {
        LinearOp(weight: values["weight"] ?? weight, bias: values["bias"] ?? bias, activation: activation)
    }

    public func macs(inputs: [Shape], output: Shape) -> Int { .saturatingProduct(output.elementCount, weight.shape[1]) }

    /// The same layer with `activation` in its epilogue, or nil when one is already fused.
    public func fusing(_ activation: Activation) -> (any GraphOp)? {
        self.activation == nil ? LinearOp(weight: weight, bias: bias, activation: activation) : nil
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (op, batch) = (self, inputs[0][0])
        return KernelPlan { inputs, output, _ in
            op.weight.withUnsafeBufferPointer { w in
                func run(_ bias: UnsafePointer<Float>?) {
                    linear(inputs[0], weight: w.baseAddress!, bias: bias, into: output, batch: batch,
                           inFeatures: op.weight.shape[1], outFeatures: op.weight.shape[0], activation: op.activation, workers: workers)
                }
                if let bias = op.bias { bias.withUnsafeBufferPointer { run($0.baseAddress) } } else { run(nil) }
            }
        }
    }
}
