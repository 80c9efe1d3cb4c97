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
    /// Winograd F(2x2, 3x3): 2.25x fewer multiplications than im2col (`WinogradVariant`).
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

    /// The cost model: picks the algorithm for a convolution of `batch` images.
    ///
    /// Depthwise and 1x1 stride-1 convolutions take their direct paths (their exact
    /// preconditions). A 3x3 stride-1 convolution runs Winograd where it was measured
    /// faster than im2col, which leaves two rules (measured with `engine-bench
    /// conv-algorithms` on the ResNet-18 and VGG-16 layers, batch 1, medians of 35 runs on
    /// the shared 2-core EPYC; ratios are Winograd time / im2col time at 1 and 2 threads,
    /// Docs/PERFORMANCE.md has the table):
    ///
    /// - **At least 64 input and output channels.** Every layer with 64-512 channels on a
    ///   14x14 or larger plane ran faster with Winograd; the 3-channel VGG stem ran slower
    ///   (F(4x4) 1.5-1.7x, F(2x2) 2.3-2.7x): the α² GEMMs have K = IC, and the transforms
    ///   cost the same per channel whatever K is. Channel counts between 3 and 64 were not
    ///   measured and keep im2col.
    /// - **Enough tiles for the α² GEMMs** (N = tiles of the whole batch): the variant with
    ///   the largest tile that still has at least 49 tiles, else im2col. F(4x4) from 28x28
    ///   (49 tiles: 0.36-0.58 on ResNet-18's 56x56 and 28x28 layers, 0.41-0.95 on VGG's);
    ///   F(2x2) at 14x14 (49 tiles: 0.63-0.86, where F(4x4)'s 16 tiles ran 0.66-1.07); on
    ///   7x7 planes both lost (F(2x2) 1.07-1.22, F(4x4) 1.26-1.92): each transformed weight
    ///   matrix is read for a GEMM of 4-16 columns.
    ///
    /// `workers` is not used yet: the ratios held at 1 and 2 threads.
    static func choose(for configuration: Conv2dConfiguration, geometry: WindowGeometry, batch: Int, workers: Int) -> ConvAlgorithm {
        if ConvAlgorithm.depthwiseDirect.isApplicable(to: configuration, geometry: geometry) {
            return .depthwiseDirect
        }
        if ConvAlgorithm.pointwiseGemm.isApplicable(to: configuration, geometry: geometry) {
            return .pointwiseGemm
        }
        guard ConvAlgorithm.winograd4x4.isApplicable(to: configuration, geometry: geometry),
              configuration.inChannels >= 64 && configuration.outChannels >= 64 else {
            return .im2colGemm
        }
        func tiles(_ size: Int) -> Int {
            batch * ((geometry.output.height + size - 1) / size) * ((geometry.output.width + size - 1) / size)
        }
        if tiles(4) >= 49 { return .winograd4x4 }
        if tiles(2) >= 49 { return .winograd2x2 }
        return .im2colGemm
    }
}
