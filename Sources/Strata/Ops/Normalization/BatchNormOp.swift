/// Inference BatchNormalization over axis 1:
/// `y = (x − running_mean) / sqrt(running_var + ε) · weight + bias`, parameters `[C]`
/// named as PyTorch's state_dict. Folded into a preceding convolution by the compiler.
public struct BatchNormOp: GraphOp, ChannelAffine {
    /// PyTorch's `weight` (γ), `bias` (β), `running_mean` and `running_var`, each `[C]`.
    public let weight: Tensor, bias: Tensor, runningMean: Tensor, runningVariance: Tensor
    /// ε, added to the variance before the square root (PyTorch's default 1e-5).
    public let epsilon: Float

    /// Identity statistics (weight 1, bias 0, mean 0, variance 1), as a fresh PyTorch layer.
    public init(channels: Int, epsilon: Float = 1e-5) throws {
        let count = max(channels, 1)
        try self.init(weight: Tensor(shape: [count], repeating: 1), bias: Tensor(shape: [count]),
                      runningMean: Tensor(shape: [count]), runningVariance: Tensor(shape: [count], repeating: 1),
                      epsilon: epsilon)
    }

    /// A BatchNorm node; the parameter shapes are checked against the input when the node is added.
    /// - Throws: ``StrataError`` for a negative epsilon.
    public init(weight: Tensor, bias: Tensor, runningMean: Tensor, runningVariance: Tensor, epsilon: Float = 1e-5) throws {
        guard epsilon >= 0 else { throw StrataError.invalidArgument("batch norm epsilon must be >= 0, got \(epsilon)") }
        (self.weight, self.bias, self.runningMean, self.runningVariance, self.epsilon) = (weight, bias, runningMean, runningVariance, epsilon)
    }

    public var opName: String { "BatchNorm" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try batchNormShape(input: inputs[0], scale: weight.shape, shift: bias.shape, mean: runningMean.shape,
                                  variance: runningVariance.shape)
    }

    public var parameters: [(name: String, value: Tensor)] {
        [("weight", weight), ("bias", bias), ("running_mean", runningMean), ("running_var", runningVariance)]
    }

    public var statisticNames: Set<String> { ["running_mean", "running_var"] }

    public func replacingParameters(_ values: [String: Tensor]) -> any GraphOp {
        (try? BatchNormOp(weight: values["weight"] ?? weight, bias: values["bias"] ?? bias,
                          runningMean: values["running_mean"] ?? runningMean,
                          runningVariance: values["running_var"] ?? runningVariance, epsilon: epsilon)) ?? self
    }

    public func macs(inputs: [Shape], output: Shape) -> Int { output.elementCount }

    /// scale = weight / sqrt(var + ε), shift = bias − mean · scale, computed in Double.
    public var channelScaleAndShift: (scale: [Float], shift: [Float]) {
        let (w, b, m, v) = (weight.scalars, bias.scalars, runningMean.scalars, runningVariance.scalars)
        let scale = w.indices.map { Double(w[$0]) / (Double(v[$0]) + Double(epsilon)).squareRoot() }
        return (scale.map(Float.init), w.indices.map { Float(Double(b[$0]) - Double(m[$0]) * scale[$0]) })
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (op, shape) = (self, inputs[0])
        return KernelPlan { inputs, output, _ in
            op.weight.withUnsafeBufferPointer { w in
                op.bias.withUnsafeBufferPointer { b in
                    op.runningMean.withUnsafeBufferPointer { m in
                        op.runningVariance.withUnsafeBufferPointer { v in
                            batchNormInference(inputs[0], into: output, shape: shape, scale: w.baseAddress!, shift: b.baseAddress!,
                                               mean: m.baseAddress!, variance: v.baseAddress!, epsilon: op.epsilon, workers: workers)
                        }
                    }
                }
            }
        }
    }
}
