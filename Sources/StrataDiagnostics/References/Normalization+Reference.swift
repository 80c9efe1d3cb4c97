import Strata
import StrataReference

extension BatchNormOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        try Tensor(inputs[0].shape, Reference.batchNorm(
            inputs[0].scalars, shape: inputs[0].shape.dimensions, scale: weight.scalars, shift: bias.scalars,
            mean: runningMean.scalars, variance: runningVariance.scalars, epsilon: epsilon))
    }
}

extension NormalizationOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let (x, shape) = (inputs[0].scalars, inputs[0].shape.dimensions)
        let values = switch kind {
        case .group(let groups):
            Reference.groupNorm(x, shape: shape, groups: groups, gamma: gamma.scalars, beta: beta.scalars, epsilon: epsilon)
        case .instance:
            Reference.instanceNorm(x, shape: shape, gamma: gamma.scalars, beta: beta.scalars, epsilon: epsilon)
        case .layer:
            Reference.layerNorm(x, shape: shape, axis: 1, gamma: gamma.scalars, beta: beta.scalars, epsilon: epsilon)
        }
        return try Tensor(inputs[0].shape, values)
    }
}
