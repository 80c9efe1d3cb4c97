import Strata
import StrataReference

// The window family added with ConvTranspose: transposed convolution, Lp pooling, max
// pooling indices, and the general MatMul.

extension ConvTransposeOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0].shape
        let c = configuration
        let p = ReferenceConvTranspose2dParameters(
            batch: x[0], inChannels: x[1], inHeight: x[2], inWidth: x[3], outChannels: c.outChannels,
            kernelHeight: c.kernel.height, kernelWidth: c.kernel.width, strideHeight: c.stride.height, strideWidth: c.stride.width,
            dilationHeight: c.dilation.height, dilationWidth: c.dilation.width,
            padTop: c.padding.top, padLeft: c.padding.left, padBottom: c.padding.bottom, padRight: c.padding.right,
            outputPaddingHeight: c.outputPadding.height, outputPaddingWidth: c.outputPadding.width, groups: c.groups)
        let values = Reference.convTranspose2d(input: inputs[0].scalars, weights: weight.scalars, bias: bias?.scalars, p)
        return try Tensor(Shape([x[0], c.outChannels, p.outHeight, p.outWidth]), values)
    }
}

extension LpPoolConfiguration {
    /// The reference pooling's parameters (padding resolved by ``WindowGeometry``).
    func referenceParameters(inputShape x: Shape) throws -> ReferencePool2dParameters {
        ReferencePool2dParameters(inputShape: x, try geometry(input: Size2D(x[2], x[3])), ceilMode: ceilMode)
    }
}

extension LpPoolOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let q = try configuration.referenceParameters(inputShape: inputs[0].shape)
        return try Tensor(Shape([q.batch, q.channels, q.outHeight, q.outWidth]),
                          Reference.lpPool2d(input: inputs[0].scalars, p: configuration.p, q))
    }
}

extension GlobalLpPoolOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0].shape
        return try Tensor(Shape([x[0], x[1], 1, 1]),
                          Reference.globalLpPool(input: inputs[0].scalars, p: p, planes: x[0] * x[1], planeSize: x[2] * x[3]))
    }
}

extension MaxPoolIndicesOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let q = try configuration.referenceParameters(inputShape: inputs[0].shape)
        return try Tensor(Shape([q.batch, q.channels, q.outHeight, q.outWidth]),
                          Reference.maxPoolIndices(input: inputs[0].scalars, columnMajor: order == .columnMajor, q))
    }
}

extension MatMulOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let (a, b) = (inputs[0], inputs[1])
        guard let (shape, values) = Reference.matMul(
            a: a.scalars, aShape: a.shape.dimensions, b: b.scalars, bShape: b.shape.dimensions,
            transposeA: transposeA, transposeB: transposeB, alpha: alpha) else {
            throw StrataError.shapeMismatch("reference MatMul: shapes \(a.shape) and \(b.shape) do not multiply")
        }
        return try Tensor(Shape(shape), values)
    }
}
