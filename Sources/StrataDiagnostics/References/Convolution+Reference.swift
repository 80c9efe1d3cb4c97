import Strata
import StrataReference

extension ConvOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let parameters = try configuration.referenceParameters(inputShape: inputs[0].shape)
        let values = Reference.conv2d(input: inputs[0].scalars, weights: weight.scalars, bias: bias?.scalars, parameters)
        return try Tensor(outputShape(for: [inputs[0].shape]), values).applyingReference(activation)
    }
}

extension Conv2dConfiguration {
    /// The reference convolution's parameters for this configuration on an `[N, C, H, W]`
    /// input: the padding resolved by the engine's `WindowGeometry` (SAME), everything
    /// else spelled out one number at a time. Throws what planning the convolution throws.
    public func referenceParameters(inputShape x: Shape) throws -> ReferenceConv2dParameters {
        let p = try Conv2dPlan(configuration: self, inputShape: x, workers: 1).geometry.padding
        return ReferenceConv2dParameters(
            batch: x[0], inChannels: x[1], inHeight: x[2], inWidth: x[3], outChannels: outChannels,
            kernelHeight: kernel.height, kernelWidth: kernel.width, strideHeight: stride.height, strideWidth: stride.width,
            dilationHeight: dilation.height, dilationWidth: dilation.width,
            padTop: p.top, padLeft: p.left, padBottom: p.bottom, padRight: p.right, groups: groups)
    }
}
