/// How a planned convolution is computed. Chosen once per layer by ``Conv2dPlan``.
public enum ConvAlgorithm: String, Sendable, CaseIterable {
    /// im2col into a workspace panel, then `sgemm`: the general case.
    case im2colGemm
    /// 1x1 kernel, stride 1, no padding: the input already is the GEMM's B matrix
    /// `[C, H·W]`, so im2col would only copy it.
    case pointwiseGemm
    /// groups == in channels: each output channel reads one input channel, so a GEMM
    /// would have M = 1; a direct sliding-window kernel is faster.
    case depthwiseDirect

    /// Picks the algorithm under each fast path's exact precondition.
    static func choose(for configuration: Conv2dConfiguration, geometry: WindowGeometry) -> ConvAlgorithm {
        if configuration.groups == configuration.inChannels && configuration.groups > 1 {
            return .depthwiseDirect
        }
        if geometry.kernel == 1 && geometry.stride == 1 && geometry.padding == .zero {
            return .pointwiseGemm
        }
        return .im2colGemm
    }
}
