import CStrataKernels

/// The Winograd input and output transforms alone, with the Swift or the AVX2/FMA C
/// kernels, for `engine-bench winograd-transforms`: a C kernel stays in the engine only
/// where it beats its Swift fallback by 1.3x or more (issue 10).
@_spi(Diagnostics) public struct WinogradTransformBenchmark {
    let plan: WinogradPlan

    /// The transforms of `algorithm` (a Winograd one) for this layer, on one thread.
    /// Throws when the algorithm does not apply or `avx2` is asked of a CPU without it.
    public init(configuration: Conv2dConfiguration, inputShape: Shape, algorithm: ConvAlgorithm, avx2: Bool) throws {
        let conv = try Conv2dPlan(configuration: configuration, inputShape: inputShape, workers: 1, algorithm: algorithm)
        guard conv.algorithm == algorithm, let variant = algorithm.winogradVariant else {
            throw StrataError.invalidArgument("\(algorithm) does not apply to \(configuration) on \(inputShape)")
        }
        guard !avx2 || strata_cpu_has_avx2_fma() else {
            throw StrataError.invalidArgument("this CPU has no AVX2 and FMA")
        }
        plan = WinogradPlan(variant: variant, batch: inputShape[0], inChannels: configuration.inChannels,
                            outChannels: configuration.outChannels, geometry: conv.geometry, workers: 1, avx2: avx2)
    }

    /// Floats of workspace the transforms need.
    public var workspaceCount: Int { plan.workspaceCount }

    /// The input transform of every tile. `input`: `[N, IC, H, W]`.
    public func transformInput(_ input: UnsafePointer<Float>, workspace: UnsafeMutablePointer<Float>) {
        plan.runTransforms(input: input, output: nil, workspace: workspace)
    }

    /// The output transform of every tile (of whatever the workspace holds). `output`: `[N, OC, OH, OW]`.
    public func transformOutput(into output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>) {
        plan.runTransforms(input: nil, output: output, workspace: workspace)
    }
}
