import Strata
import StrataReference

extension BinaryOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let (a, b) = (inputs[0], inputs[1])
        let (x, xShape, y, yShape) = (a.scalars, a.shape.dimensions, b.scalars, b.shape.dimensions)
        let values = switch kind {
        case .add: Reference.add(x, shape: xShape, y, shape: yShape)
        case .sub: Reference.sub(x, shape: xShape, y, shape: yShape)
        case .mul: Reference.mul(x, shape: xShape, y, shape: yShape)
        case .div: Reference.div(x, shape: xShape, y, shape: yShape)
        case .prelu: Reference.prelu(x, shape: xShape, slope: y, shape: yShape)
        }
        return try Tensor(broadcastShape(a.shape, b.shape), values)
    }
}
