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
    /// Winograd F(2x2, 3x3): 2.25x fewer multiplications than im2col (``WinogradVariant``).
    case winograd2x2
    /// Winograd F(4x4, 3x3): 4x fewer multiplications, larger rounding error.
    case winograd4x4

    /// Whether the algorithm computes this convolution: each fast path's exact precondition.
    public func isApplicable(to configuration: Conv2dConfiguration, geometry: WindowGeometry) -> Bool {
        switch self {
        case .im2colGemm:
            true
        case .pointwiseGemm:
            geometry.kernel == 1 && geometry.stride == 1 && geometry.padding == .zero
        case .depthwiseDirect:
            configuration.groups == configuration.inChannels && configuration.groups > 1
        case .winograd2x2, .winograd4x4:
            geometry.kernel == 3 && geometry.stride == 1 && geometry.dilation == 1 && configuration.groups == 1
        }
    }

    /// The Winograd variant of a Winograd case.
    var winogradVariant: WinogradVariant? {
        switch self {
        case .winograd2x2: .f2x2
        case .winograd4x4: .f4x4
        default: nil
        }
    }

    /// Picks the algorithm under each fast path's exact precondition.
    static func choose(for configuration: Conv2dConfiguration, geometry: WindowGeometry, workers: Int) -> ConvAlgorithm {
        if ConvAlgorithm.depthwiseDirect.isApplicable(to: configuration, geometry: geometry) {
            return .depthwiseDirect
        }
        if ConvAlgorithm.pointwiseGemm.isApplicable(to: configuration, geometry: geometry) {
            return .pointwiseGemm
        }
        if ConvAlgorithm.winograd4x4.isApplicable(to: configuration, geometry: geometry)
            && configuration.inChannels >= 32 && configuration.outChannels >= 32 {
            return .winograd4x4
        }
        return .im2colGemm
    }
}
