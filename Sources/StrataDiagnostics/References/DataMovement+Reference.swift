import Strata
import StrataReference

extension ConcatOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let shape = try concatShape(inputs.map(\.shape), axis: axis)
        let values = Reference.concat(inputs.map(\.scalars), shapes: inputs.map(\.shape.dimensions),
                                      axis: try shape.resolve(axis: axis, "concat axis"))
        return try Tensor(shape, values)
    }
}

extension PadOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let c = configuration
        let values = Reference.pad(inputs[0].scalars, shape: inputs[0].shape.dimensions, begins: c.begins, ends: c.ends,
                                   mode: c.mode.rawValue, value: c.value)
        return try Tensor(outputShape(for: [inputs[0].shape]), values)
    }
}

extension TransposeOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let perm = permutation(rank: x.rank)
        return try Tensor(transposeShape(x.shape, perm: perm), Reference.transpose(x.scalars, shape: x.shape.dimensions, perm: perm))
    }
}

/// Reshapes move no data: the reference is the same values under the output shape.
extension IdentityOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        try inputs[0].reshaped(outputShape(for: [inputs[0].shape]).dimensions)
    }
}

extension FlattenOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        try inputs[0].reshaped(outputShape(for: [inputs[0].shape]).dimensions)
    }
}

extension ConstantOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor { value }
}

/// Inference dropout is the identity.
extension DropoutOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor { inputs[0] }
}
