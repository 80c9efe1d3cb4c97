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

extension LayerNormOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = inputs[0].shape
        return try Tensor(shape, Reference.layerNorm(
            inputs[0].scalars, shape: shape.dimensions, axis: shape.resolve(axis: axis), gamma: gamma?.scalars,
            beta: beta?.scalars, epsilon: epsilon))
    }
}

extension LayerNormStatisticsOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = inputs[0].shape
        return try Tensor(outputShape(for: [shape]), Reference.layerNormStatistics(
            inputs[0].scalars, shape: shape.dimensions, axis: shape.resolve(axis: axis),
            inverse: statistic == .inverseStandardDeviation, epsilon: epsilon))
    }
}

extension LRNOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let c = configuration
        return try Tensor(inputs[0].shape, Reference.lrn(
            inputs[0].scalars, shape: inputs[0].shape.dimensions, size: c.size, alpha: c.alpha, beta: c.beta, bias: c.bias))
    }
}

extension LpNormOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = inputs[0].shape
        return try Tensor(shape, Reference.lpNorm(
            inputs[0].scalars, shape: shape.dimensions, axis: shape.resolve(axis: configuration.axis), p: configuration.p))
    }
}

extension MeanVarianceNormOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = inputs[0].shape
        return try Tensor(shape, Reference.meanVarianceNorm(
            inputs[0].scalars, shape: shape.dimensions, axes: configuration.resolvedAxes(rank: shape.rank)))
    }
}
