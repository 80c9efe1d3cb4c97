import Strata
import StrataReference

extension ReduceOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let values = Reference.reduce(x.scalars, shape: x.shape.dimensions, axes: configuration.axes, kind: configuration.kind.rawValue)
        return try Tensor(outputShape(for: [x.shape]), values)
    }
}
