/// The layer vocabulary of ``GraphBuilder``: one method per op, parameters initialized
/// from the builder's seeded generator the way PyTorch initializes them for inference
/// (He-normal convolutions, identity BatchNorm statistics).
extension GraphBuilder {
    /// 2-D convolution; output channels `outChannels`, He-normal weights, zero bias.
    @discardableResult
    public func conv(
        _ x: NodeID, _ outChannels: Int, kernel: Size2D, stride: Size2D = 1, padding: Padding = .valid,
        dilation: Size2D = 1, groups: Int = 1, bias: Bool = true, name: String? = nil
    ) throws -> NodeID {
        let inChannels = shape(of: x).rank == 4 ? shape(of: x)[1] : 0
        let configuration = Conv2dConfiguration(
            inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
            padding: padding, dilation: dilation, groups: groups)
        do {
            try configuration.validate()
        } catch let error as StrataError {
            throw GraphError.invalidNode(node: name ?? "conv2d", op: "Conv2d", inputShapes: [shape(of: x)], reason: error.description)
        }
        let dimensions = configuration.weightDimensions
        try checkParameter(dimensions, node: name ?? "conv2d")
        let weight = try Tensor.he(dimensions, fanIn: dimensions[1] * dimensions[2] * dimensions[3], using: &generator)
        let biasTensor = bias ? try Tensor(shape: [outChannels]) : nil
        return try add(ConvOp(configuration, weight: weight, bias: biasTensor), [x], name: name)
    }

    /// Inference BatchNorm over the channels of `x` (scale 1, shift 0, mean 0, variance 1).
    @discardableResult
    public func batchNorm(_ x: NodeID, epsilon: Float = 1e-5, name: String? = nil) throws -> NodeID {
        try add(BatchNormOp(channels: shape(of: x).rank >= 2 ? shape(of: x)[1] : 0, epsilon: epsilon), [x], name: name)
    }

    /// GroupNorm (`.group(G)`), InstanceNorm or LayerNorm over (C, H, W), with identity
    /// affine parameters (PyTorch's initialization).
    @discardableResult
    public func normalization(_ x: NodeID, _ kind: NormalizationKind, epsilon: Float = 1e-5, name: String? = nil) throws -> NodeID {
        let shape = shape(of: x)
        let affine = kind == .layer ? Array(shape.dimensions.dropFirst()) : [shape.rank >= 2 ? shape[1] : 1]
        let gamma = try Tensor(shape: affine, repeating: 1)
        return try add(NormalizationOp(kind, gamma: gamma, beta: try Tensor(shape: affine), epsilon: epsilon), [x], name: name)
    }

    /// Adds `activation` applied elementwise to `x` (same shape).
    /// - Throws: ``GraphError`` for a duplicate name.
    @discardableResult
    public func activation(_ x: NodeID, _ activation: Activation, name: String? = nil) throws -> NodeID {
        try add(ActivationOp(activation), [x], name: name)
    }

    /// Adds `max(x, 0)` (same shape); the compiler fuses it into a preceding convolution or linear.
    /// - Throws: ``GraphError`` for a duplicate name.
    @discardableResult
    public func relu(_ x: NodeID, name: String? = nil) throws -> NodeID {
        try activation(x, .relu, name: name)
    }

    /// Adds 2-D max pooling of an `[N, C, H, W]` node (PyTorch `nn.MaxPool2d`, ONNX MaxPool).
    /// - Parameters:
    ///   - x: the input node, `[N, C, H, W]`.
    ///   - kernel: window height and width.
    ///   - stride: step between windows; nil means the kernel size, as in PyTorch.
    ///   - padding: `.valid`, `.same` or explicit pixels; padded taps never win the maximum.
    ///   - dilation: spacing between a window's taps.
    ///   - ceilMode: round the output size up (PyTorch `ceil_mode`).
    ///   - name: the node's name; nil makes one from the op name and a counter (`maxpool_1`).
    /// - Throws: ``GraphError`` when the input is not rank 4 or the window does not fit.
    @discardableResult
    public func maxPool(
        _ x: NodeID, kernel: Size2D, stride: Size2D? = nil, padding: Padding = .valid, dilation: Size2D = 1,
        ceilMode: Bool = false, name: String? = nil
    ) throws -> NodeID {
        try add(PoolOp(Pool2dConfiguration(kind: .max, kernel: kernel, stride: stride ?? kernel, padding: padding,
                                           dilation: dilation, ceilMode: ceilMode, countIncludePad: false)), [x], name: name)
    }

    /// Adds 2-D average pooling of an `[N, C, H, W]` node (PyTorch `nn.AvgPool2d`, ONNX AveragePool).
    /// - Parameters:
    ///   - x: the input node, `[N, C, H, W]`.
    ///   - kernel: window height and width.
    ///   - stride: step between windows; nil means the kernel size, as in PyTorch.
    ///   - padding: `.valid`, `.same` or explicit pixels.
    ///   - ceilMode: round the output size up (PyTorch `ceil_mode`).
    ///   - countIncludePad: divide by the whole window, padding included (PyTorch's default,
    ///     `count_include_pad=True`), or only by the input pixels it covers.
    ///   - name: the node's name; nil picks one from the op.
    /// - Throws: ``GraphError`` when the input is not rank 4 or the window does not fit.
    @discardableResult
    public func avgPool(
        _ x: NodeID, kernel: Size2D, stride: Size2D? = nil, padding: Padding = .valid, ceilMode: Bool = false,
        countIncludePad: Bool = true, name: String? = nil
    ) throws -> NodeID {
        try add(PoolOp(Pool2dConfiguration(kind: .average, kernel: kernel, stride: stride ?? kernel, padding: padding,
                                           dilation: 1, ceilMode: ceilMode, countIncludePad: countIncludePad)), [x], name: name)
    }

    /// Adds the mean of every `[H, W]` plane: `[N, C, H, W]` to `[N, C, 1, 1]` (PyTorch
    /// `nn.AdaptiveAvgPool2d(1)`, ONNX GlobalAveragePool).
    /// - Throws: ``GraphError`` when the input is not rank 4 or a plane is empty.
    @discardableResult
    public func globalAveragePool(_ x: NodeID, name: String? = nil) throws -> NodeID {
        try add(GlobalPoolOp(kind: .average), [x], name: name)
    }

    /// Adds the maximum of every `[H, W]` plane: `[N, C, H, W]` to `[N, C, 1, 1]` (ONNX GlobalMaxPool).
    /// - Throws: ``GraphError`` when the input is not rank 4 or a plane is empty.
    @discardableResult
    public func globalMaxPool(_ x: NodeID, name: String? = nil) throws -> NodeID {
        try add(GlobalPoolOp(kind: .max), [x], name: name)
    }

    /// `[N, ...] → [N, product of the rest]`, without copying.
    @discardableResult
    public func flatten(_ x: NodeID, name: String? = nil) throws -> NodeID {
        try add(FlattenOp(), [x], name: name)
    }

    /// Dropout (PyTorch `nn.Dropout`): the identity at inference; in training each element
    /// is zeroed with probability `p` and the others scaled by 1/(1 − p).
    /// - Throws: ``StrataError`` when `p` is not in [0, 1]; ``GraphError`` for a duplicate name.
    @discardableResult
    public func dropout(_ x: NodeID, probability p: Float = 0.5, name: String? = nil) throws -> NodeID {
        try add(DropoutOp(probability: p), [x], name: name)
    }

    /// Fully connected `[N, in] → [N, outFeatures]`, weights `[out, in]` drawn
    /// U(−1/√in, 1/√in) as PyTorch's `nn.Linear`, bias likewise.
    @discardableResult
    public func linear(_ x: NodeID, _ outFeatures: Int, name: String? = nil) throws -> NodeID {
        let inFeatures = shape(of: x).dimensions.last!
        let bound = 1 / Float(inFeatures).squareRoot()
        try checkParameter([max(outFeatures, 1), inFeatures], node: name ?? "linear")
        let weight = try Tensor.uniform([max(outFeatures, 1), inFeatures], low: -bound, high: bound, using: &generator)
        let bias = try Tensor.uniform([max(outFeatures, 1)], low: -bound, high: bound, using: &generator)
        return try add(LinearOp(weight: weight, bias: bias), [x], name: name)
    }

    /// Adds softmax along the last axis, `exp(x − max) / Σ exp(x − max)` (same shape).
    /// - Throws: ``GraphError`` for a scalar input or a duplicate name.
    @discardableResult
    public func softmax(_ x: NodeID, name: String? = nil) throws -> NodeID {
        try add(SoftmaxOp(), [x], name: name)
    }

    /// Elementwise sum with numpy broadcasting (residual connections).
    @discardableResult
    public func add(_ a: NodeID, _ b: NodeID, name: String? = nil) throws -> NodeID {
        try add(BinaryOp(.add), [a, b], name: name)
    }

    /// Elementwise product with numpy broadcasting (channel attention, gating).
    @discardableResult
    public func mul(_ a: NodeID, _ b: NodeID, name: String? = nil) throws -> NodeID {
        try add(BinaryOp(.mul), [a, b], name: name)
    }

    /// Concatenation along the channel axis.
    @discardableResult
    public func concat(_ xs: [NodeID], name: String? = nil) throws -> NodeID {
        try add(ConcatOp(axis: 1), xs, name: name)
    }
}
