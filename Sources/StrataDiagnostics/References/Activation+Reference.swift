import Strata
import StrataReference

extension ActivationOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        try Tensor(inputs[0].shape, activation.referenceValues(inputs[0].scalars))
    }
}

extension Activation {
    /// The activation applied to `x` by the matching `StrataReference` function.
    public func referenceValues(_ x: [Float]) throws -> [Float] {
        switch self {
        case .relu: Reference.relu(x)
        case .leakyReLU(let alpha): Reference.leakyReLU(x, alpha: alpha)
        case .clip(let low, let high): Reference.clip(x, min: low, max: high)
        case .sigmoid: Reference.sigmoid(x)
        case .tanh: Reference.tanh(x)
        case .gelu: Reference.gelu(x)
        case .geluTanh: Reference.geluTanh(x)
        case .silu: Reference.silu(x)
        case .hardSigmoid(let alpha, let beta): Reference.hardSigmoid(x, alpha: alpha, beta: beta)
        case .hardSwish: Reference.hardSwish(x)
        case .erf: Reference.erf(x)
        }
    }
}

extension Tensor {
    /// The tensor with `activation`'s reference applied (a fused epilogue), or itself for nil.
    func applyingReference(_ activation: Activation?) throws -> Tensor {
        guard let activation else { return self }
        return try Tensor(shape, activation.referenceValues(scalars))
    }
}
