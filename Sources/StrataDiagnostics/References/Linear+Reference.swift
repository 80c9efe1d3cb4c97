import Strata
import StrataReference

extension LinearOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let (batch, outFeatures) = (inputs[0].shape[0], weight.shape[0])
        let values = Reference.linear(input: inputs[0].scalars, weight: weight.scalars, bias: bias?.scalars,
                                      batch: batch, inFeatures: weight.shape[1], outFeatures: outFeatures)
        return try Tensor(Shape([batch, outFeatures]), values).applyingReference(activation)
    }
}
