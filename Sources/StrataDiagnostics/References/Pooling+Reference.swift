import Strata
import StrataReference

extension PoolOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let p = try configuration.referenceParameters(inputShape: inputs[0].shape)
        let values = configuration.kind == .max
            ? Reference.maxPool2d(input: inputs[0].scalars, p) : Reference.avgPool2d(input: inputs[0].scalars, p)
        return try Tensor(Shape([p.batch, p.channels, p.outHeight, p.outWidth]), values)
    }
}

extension Pool2dConfiguration {
    /// The reference pooling's parameters for this configuration on an `[N, C, H, W]`
    /// input: kernel, stride, dilation and padding as the engine's `WindowGeometry`
    /// resolves them (SAME), ceil mode and count_include_pad as given. Throws what
    /// `geometry(input:)` throws.
    public func referenceParameters(inputShape x: Shape) throws -> ReferencePool2dParameters {
        ReferencePool2dParameters(inputShape: x, try geometry(input: Size2D(x[2], x[3])), ceilMode: ceilMode,
                                  countIncludePad: countIncludePad)
    }
}

extension ReferencePool2dParameters {
    /// The reference pooling's parameters for an `[N, C, H, W]` input and the window `g`
    /// the engine resolved for it (Pool2d, LpPool).
    init(inputShape x: Shape, _ g: WindowGeometry, ceilMode: Bool, countIncludePad: Bool = false) {
        self.init(
            batch: x[0], channels: x[1], inHeight: x[2], inWidth: x[3],
            kernelHeight: g.kernel.height, kernelWidth: g.kernel.width, strideHeight: g.stride.height, strideWidth: g.stride.width,
            dilationHeight: g.dilation.height, dilationWidth: g.dilation.width,
            padTop: g.padding.top, padLeft: g.padding.left, padBottom: g.padding.bottom, padRight: g.padding.right,
            ceilMode: ceilMode, countIncludePad: countIncludePad)
    }
}

extension GlobalPoolOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0].shape
        let values = kind == .max
            ? Reference.globalMaxPool(input: inputs[0].scalars, batch: x[0], channels: x[1], height: x[2], width: x[3])
            : Reference.globalAveragePool(input: inputs[0].scalars, batch: x[0], channels: x[1], height: x[2], width: x[3])
        return try Tensor(Shape([x[0], x[1], 1, 1]), values)
    }
}
