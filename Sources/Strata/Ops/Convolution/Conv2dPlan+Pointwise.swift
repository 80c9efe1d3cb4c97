import CStrataKernels

/// Which GEMM runs a pointwise (1x1, stride 1, unpadded) plan.
@_spi(Diagnostics) public enum PointwiseKernel: Sendable, CaseIterable {
    /// OpenBLAS sgemm over the bias, then the activation over each worker's block.
    case blas
    /// `strata_pointwise_avx2` (CStrataKernels): bias and ReLU/Clip fused into the GEMM's
    /// store, the weights and the input read as they are (no packing).
    case fusedAVX2

    /// The fused kernel where the CPU has AVX2 and FMA (checked once), else OpenBLAS.
    public static let preferred: PointwiseKernel = strata_cpu_has_avx2_fma() ? .fusedAVX2 : .blas

    /// Every kernel this CPU runs (what the tests compare with the reference).
    public static var available: [PointwiseKernel] { strata_cpu_has_avx2_fma() ? [.blas, .fusedAVX2] : [.blas] }
}

extension Conv2dPlan {
    /// Floats of the input panel each worker of the fused kernel packs: a chunk of columns
    /// (a multiple of 16, at most 64 Ki floats when K allows, and no wider than the plane)
    /// of all K rows, so it stays in L2 while every tile of weight rows passes over it.
    static func pointwisePanelCount(k: Int, n: Int) -> Int {
        let chunk = min((n + 15) / 16 * 16, max(16, 65536 / k / 16 * 16))
        return k * chunk
    }

    /// Floats of workspace: one panel per worker when the fused kernel can run.
    static func pointwiseWorkspaceCount(k: Int, n: Int, workers: Int) -> Int {
        PointwiseKernel.preferred == .fusedAVX2 ? workers * pointwisePanelCount(k: k, n: n) : 0
    }

    /// Runs a pointwise plan (``algorithm`` is ``ConvAlgorithm/pointwiseGemm``) with the
    /// given kernel; ``execute(input:weights:bias:output:workspace:)`` uses the preferred
    /// one. The fused kernel needs an activation it can clamp (none, ReLU, Clip) and a
    /// workspace of ``workspaceCount`` floats; otherwise the plan runs OpenBLAS.
    @_spi(Diagnostics) public func executePointwise(
        input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>?, kernel: PointwiseKernel
    ) {
        precondition(algorithm == .pointwiseGemm, "Conv2dPlan: executePointwise on a \(algorithm) plan")
        let clamp = Activation.fusedClamp(activation)
        let panel = Conv2dPlan.pointwisePanelCount(k: gemmK, n: gemmN)
        guard kernel == .fusedAVX2, let clamp, let workspace, workspaceCount >= workers * panel else {
            return executePointwise(input: input, weights: weights, bias: bias, output: output)
        }
        let (m, n, k) = (gemmM, gemmN, gemmK)
        let groups = configuration.groups
        // Columns split in multiples of 16 when each worker gets at least 64, else tiles of 6 rows.
        let byColumns = n >= 64 * workers
        let units = byColumns ? n / 16 : (m + 5) / 6
        let shares = min(workers, units)
        for image in 0..<inputShape[0] {
            for g in 0..<groups {
                let x = input + (image * groups + g) * k * n
                let y = output + (image * groups + g) * m * n
                parallelFor(shares, workers: workers) { share in
                    let (u0, u1) = evenSplit(units, parts: shares, part: share)
                    var job = strata_pointwise(
                        weights: weights + g * m * k, input: x, bias: bias.map { $0 + g * m }, output: y, k: k, n: n,
                        row_begin: 0, row_end: m, column_begin: 0, column_end: n, low: clamp.low, high: clamp.high,
                        panel: workspace + share * panel, panel_floats: panel)
                    if byColumns {
                        (job.column_begin, job.column_end) = (u0 * 16, share == shares - 1 ? n : u1 * 16)
                    } else {
                        (job.row_begin, job.row_end) = (u0 * 6, min(m, u1 * 6))
                    }
                    strata_pointwise_avx2(&job)
                }
            }
        }
    }
}
