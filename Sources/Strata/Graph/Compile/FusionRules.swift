/// An op that can absorb a following inference-time BatchNormalization, written as a
/// per-channel affine map `y = x · scale[c] + shift[c]` (convolution: scale the weights of
/// output channel c, then `bias' = bias · scale + shift`).
public protocol BatchNormFoldable: GraphOp {
    func folding(scale: [Float], shift: [Float]) throws -> any GraphOp
}

/// An op whose GEMM epilogue can apply an activation to its output while it is still in
/// cache (convolution, linear). Returns nil if it already has one.
public protocol ActivationFusable: GraphOp {
    func fusing(_ activation: Activation) -> (any GraphOp)?
}

/// A per-channel affine op that can be folded into the op before it.
public protocol ChannelAffine: GraphOp {
    /// `y = x · scale[c] + shift[c]` per channel.
    var channelScaleAndShift: (scale: [Float], shift: [Float]) { get }
}

/// An op that is just an activation function.
public protocol ActivationLike: GraphOp {
    var activation: Activation { get }
}
