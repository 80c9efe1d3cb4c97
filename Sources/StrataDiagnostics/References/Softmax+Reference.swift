import Strata
import StrataReference

extension SoftmaxOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = inputs[0].shape
        let values = Reference.softmax(inputs[0].scalars, shape: shape.dimensions, axis: try shape.resolve(axis: axis, "softmax axis"))
        return try Tensor(shape, values)
    }
}

extension LogSoftmaxOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = inputs[0].shape
        let axis = try shape.resolve(axis: axis, "log-softmax axis")
        return try Tensor(shape, Reference.logSoftmax(inputs[0].scalars, shape: shape.dimensions, axis: axis))
    }
}

extension HardmaxOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = inputs[0].shape
        let axis = try shape.resolve(axis: axis, "hardmax axis")
        return try Tensor(shape, Reference.hardmax(inputs[0].scalars, shape: shape.dimensions, axis: axis))
    }
}
