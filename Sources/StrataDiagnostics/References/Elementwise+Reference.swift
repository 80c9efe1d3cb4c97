import Strata
import StrataReference

/// Every kind through `Reference.binaryOperators`, keyed by the kind's raw value (its ONNX
/// op type): no per-kind code here, so a new kind needs only its entry there.
extension BinaryOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let (a, b) = (inputs[0], inputs[1])
        guard let values = Reference.binary(kind.rawValue, a.scalars, shape: a.shape.dimensions, b.scalars, shape: b.shape.dimensions) else {
            throw MissingReferenceError(opName: opName, typeName: "BinaryOp", detail: "Reference.binaryOperators has no '\(kind.rawValue)'")
        }
        return try Tensor(broadcastShape(a.shape, b.shape), values)
    }
}

extension WhereOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let (c, x, y) = (inputs[0], inputs[1], inputs[2])
        guard let values = Reference.select(c.scalars, shape: c.shape.dimensions, x.scalars, shape: x.shape.dimensions,
                                            y.scalars, shape: y.shape.dimensions) else {
            throw StrataError.shapeMismatch("Where: \(c.shape), \(x.shape) and \(y.shape) do not broadcast")
        }
        return try Tensor(whereShape(c.shape, x.shape, y.shape), values)
    }
}
