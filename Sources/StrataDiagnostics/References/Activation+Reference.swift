import Strata
import StrataReference

extension ActivationOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        try Tensor(inputs[0].shape, activation.referenceValues(inputs[0].scalars))
    }
}

extension Activation {
    /// The activation applied to `x` by its `StrataReference` function, found by its
    /// `Activation.spelling` in `Reference.activations`: no per-case code here, so a
    /// new activation needs only its entry there.
    public func referenceValues(_ x: [Float]) throws -> [Float] {
        let (function, parameters) = spelling
        guard let values = Reference.activation(function, parameters: parameters, x) else {
            throw MissingReferenceError(
                opName: name, typeName: "Activation",
                detail: "Reference.activations has no '\(function)' taking \(parameters.count) parameter(s)")
        }
        return values
    }
}

extension Tensor {
    /// The tensor with `activation`'s reference applied (a fused epilogue), or itself for nil.
    func applyingReference(_ activation: Activation?) throws -> Tensor {
        guard let activation else { return self }
        return try Tensor(shape, activation.referenceValues(scalars))
    }
}
