/// An op that can absorb a following inference-time BatchNormalization, written as a
/// per-channel affine map `y = x · scale[c] + shift[c]` (convolution: scale the weights of
/// output channel c, then `bias' = bias · scale + shift`).
public protocol BatchNormFoldable: GraphOp {
    /// The same op with `y = op(x) · scale[c] + shift[c]` folded into its weights and bias.
    /// - Parameters:
    ///   - scale: one factor per output channel, `gamma / sqrt(running_var + eps)` for a BatchNorm.
    ///   - shift: one offset per output channel, `beta − running_mean · scale`.
    /// - Throws: ``StrataError`` when the arrays do not have one entry per output channel, or
    ///   the op already applies an activation (the affine map would then come after it).
    func folding(scale: [Float], shift: [Float]) throws -> any GraphOp
}

/// An op whose GEMM epilogue can apply an activation to its output while it is still in
/// cache (convolution, linear). Returns nil if it already has one.
public protocol ActivationFusable: GraphOp {
    /// The same op with `activation` applied to its output in the epilogue, or nil when it
    /// already applies one (two activations are not fused into one).
    func fusing(_ activation: Activation) -> (any GraphOp)?
}

/// A per-channel affine op that can be folded into the op before it.
public protocol ChannelAffine: GraphOp {
    /// `y = x · scale[c] + shift[c]` per channel.
    var channelScaleAndShift: (scale: [Float], shift: [Float]) { get }
}

/// An op that is just an activation function.
public protocol ActivationLike: GraphOp {
    /// The function the op applies elementwise; the compiler fuses it into the producer's epilogue.
    var activation: Activation { get }
}
