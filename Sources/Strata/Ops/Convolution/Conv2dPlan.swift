/// A convolution compiled for one input shape: geometry, algorithm and workspace size are
/// decided here, once; ``execute(input:weights:bias:output:workspace:)`` then only runs.
///
/// Work is split over ``workers`` threads around single-threaded sgemm calls:
/// - im2col + GEMM, wide outputs: each worker takes whole column panels (im2col of its
///   panel into its own workspace slice, then the GEMM of that panel), so im2col is
///   parallel too and each panel is consumed while still in cache;
/// - narrow outputs (deep layers, N = OH·OW small): im2col of the whole plane split by
///   channels, then the GEMM split by output channels;
/// - 1x1 pointwise: the fused AVX2 GEMM or sgemm, split by columns or rows (`Conv2dPlan+Pointwise.swift`);
/// - depthwise: input channels spread over workers, a padded plane each (`Conv2dPlan+Depthwise.swift`).
public struct Conv2dPlan: Sendable {
    public let configuration: Conv2dConfiguration
    /// `[N, C, H, W]`
    public let inputShape: Shape
    /// `[N, OC, OH, OW]`
    public let outputShape: Shape
    public let geometry: WindowGeometry
    public let algorithm: ConvAlgorithm
    /// Floats of scratch memory ``execute(input:weights:bias:output:workspace:)`` needs.
    public let workspaceCount: Int
    public let workers: Int
    /// Applied to the output right after each GEMM panel or plane, while it is in cache
    /// (the fused epilogue of conv + activation).
    public let activation: Activation?
    /// Column-panel width of the im2col GEMM (0 when the plane is lowered whole).
    let panelWidth: Int

    /// Largest column panel per worker, in floats (2 MiB). Measured on ResNet-18 shapes:
    /// narrower panels keep the column buffer in L2 but make OpenBLAS repack the weights
    /// for every small GEMM, which costs more than it saves; wider ones stop paying off.
    static let panelBudget = 512 * 1024
    /// Narrowest panel worth a separate GEMM call.
    static let minimumPanelWidth = 64

    /// The per-group GEMM: `out[M, N] = weights[M, K] · col[K, N]`.
    public var gemmM: Int { configuration.outChannels / configuration.groups }
    public var gemmN: Int { geometry.output.height * geometry.output.width }
    public var gemmK: Int { configuration.inChannels / configuration.groups * geometry.kernel.height * geometry.kernel.width }

    /// Validates the input shape against the configuration and plans the run.
    public init(
        configuration: Conv2dConfiguration, inputShape: Shape, activation: Activation? = nil,
        workers: Int = Threading.workers
    ) throws {
        try configuration.validate()
        try expectRank(inputShape, 4, name: "conv input", layout: "[N, C, H, W]")
        guard inputShape[1] == configuration.inChannels else {
            throw StrataError.shapeMismatch(
                "conv input has \(inputShape[1]) channels (shape \(inputShape)); the layer expects \(configuration.inChannels)")
        }
        guard inputShape[2] >= 1 && inputShape[3] >= 1 else {
            throw StrataError.invalidShape(
                "conv input has shape \(inputShape) with an empty plane (H \(inputShape[2]), W \(inputShape[3])); "
                    + "expected H and W >= 1 (only the batch N may be 0)")
        }
        let geometry = try WindowGeometry(
            input: Size2D(height: inputShape[2], width: inputShape[3]), kernel: configuration.kernel,
            stride: configuration.stride, dilation: configuration.dilation, padding: configuration.padding)
        self.configuration = configuration
        self.inputShape = inputShape
        self.geometry = geometry
        self.outputShape = try Shape([inputShape[0], configuration.outChannels, geometry.output.height, geometry.output.width])
        self.algorithm = ConvAlgorithm.choose(for: configuration, geometry: geometry)
        self.workers = max(1, workers)
        self.activation = activation

        let n = geometry.output.height * geometry.output.width
        let k = configuration.inChannels / configuration.groups * configuration.kernel.height * configuration.kernel.width
        if algorithm == .im2colGemm && n >= self.workers * Conv2dPlan.minimumPanelWidth {
            // Equal panels, as few as the budget allows, in a multiple of the worker count
            // so every worker gets the same amount of work.
            let budgetWidth = max(Conv2dPlan.minimumPanelWidth, Conv2dPlan.panelBudget / k)
            let fewestPanels = (n + budgetWidth - 1) / budgetWidth
            let panels = (fewestPanels + self.workers - 1) / self.workers * self.workers
            panelWidth = ((n + panels - 1) / panels + 15) / 16 * 16
            workspaceCount = self.workers * k * panelWidth
        } else {
            panelWidth = 0
            workspaceCount = algorithm == .im2colGemm ? k * n
                : algorithm == .depthwiseDirect ? Conv2dPlan.depthwiseWorkspaceCount(geometry, workers: self.workers)
                : algorithm == .pointwiseGemm ? Conv2dPlan.pointwiseWorkspaceCount(k: k, n: n, workers: self.workers) : 0
        }
    }

    /// Runs the convolution.
    /// - Parameters:
    ///   - input: `[N, C, H, W]`
    ///   - weights: `[OC, C/groups, KH, KW]`
    ///   - bias: `[OC]` or nil
    ///   - output: `[N, OC, OH, OW]`, overwritten
    ///   - workspace: at least ``workspaceCount`` floats
    public func execute(
        input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>?
    ) {
        precondition(workspaceCount == 0 || workspace != nil, "Conv2dPlan: workspace of \(workspaceCount) floats required")
        switch algorithm {
        case .depthwiseDirect:
            executeDepthwise(input: input, weights: weights, bias: bias, output: output, workspace: workspace,
                             kernel: .preferred)
        case .pointwiseGemm:
            executePointwise(input: input, weights: weights, bias: bias, output: output, workspace: workspace,
                             kernel: .preferred)
        case .im2colGemm where panelWidth > 0:
            executePanels(input: input, weights: weights, bias: bias, output: output, workspace: workspace!)
        case .im2colGemm:
            executeWholePlane(input: input, weights: weights, bias: bias, output: output, workspace: workspace!)
        }
    }
}

// MARK: - Strategies

extension Conv2dPlan {
    private var batch: Int { inputShape[0] }
    private var groups: Int { configuration.groups }
    private var groupInChannels: Int { configuration.inChannels / configuration.groups }
    private var inputPlane: Int { geometry.input.height * geometry.input.width }

    /// Pointers of image `n`, group `g`: its input channels, weights and output channels.
    private func groupPointers(
        _ n: Int, _ g: Int, input: UnsafePointer<Float>, weights: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) -> (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) {
        let inputOffset = (n * configuration.inChannels + g * groupInChannels) * inputPlane
        let outputOffset = (n * configuration.outChannels + g * gemmM) * gemmN
        return (input + inputOffset, weights + g * gemmM * gemmK, output + outputOffset)
    }

    private func executePanels(
        input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>
    ) {
        let panelsPerPlane = (gemmN + panelWidth - 1) / panelWidth
        let items = batch * groups * panelsPerPlane
        parallelFor(min(workers, items), workers: workers) { worker in
            let col = workspace + worker * gemmK * panelWidth
            for item in stride(from: worker, to: items, by: workers) {
                let (plane, panel) = item.quotientAndRemainder(dividingBy: panelsPerPlane)
                let (n, g) = plane.quotientAndRemainder(dividingBy: groups)
                let (x, w, y) = groupPointers(n, g, input: input, weights: weights, output: output)
                let start = panel * panelWidth
                let width = min(panelWidth, gemmN - start)
                im2colPanel(input: x, channels: groupInChannels, geometry: geometry, columnStart: start, width: width, col: col)
                gemmWithBias(m: gemmM, n: width, k: gemmK, a: w, lda: gemmK, b: col, ldb: width,
                             c: y + start, ldc: gemmN, bias: bias.map { $0 + g * gemmM })
                if let activation {
                    for row in 0..<gemmM { activation.apply(y + start + row * gemmN, count: width) }
                }
            }
        }
    }

    private func executeWholePlane(
        input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>
    ) {
        let tapsPerChannel = geometry.kernel.height * geometry.kernel.width
        for n in 0..<batch {
            for g in 0..<groups {
                let (x, w, y) = groupPointers(n, g, input: input, weights: weights, output: output)
                let channelShares = min(workers, groupInChannels)
                parallelFor(channelShares, workers: workers) { share in
                    let (c0, c1) = evenSplit(groupInChannels, parts: channelShares, part: share)
                    im2colPanel(input: x + c0 * inputPlane, channels: c1 - c0, geometry: geometry,
                                columnStart: 0, width: gemmN, col: workspace + c0 * tapsPerChannel * gemmN)
                }
                parallelGemm(m: gemmM, n: gemmN, k: gemmK, a: w, b: workspace, c: y,
                             bias: bias.map { $0 + g * gemmM }, activation: activation, workers: workers)
            }
        }
    }

    /// The OpenBLAS pointwise GEMM (see ``executePointwise(input:weights:bias:output:workspace:kernel:)``).
    func executePointwise(
        input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>
    ) {
        for n in 0..<batch {
            for g in 0..<groups {
                let (x, w, y) = groupPointers(n, g, input: input, weights: weights, output: output)
                parallelGemm(m: gemmM, n: gemmN, k: gemmK, a: w, b: x, c: y,
                             bias: bias.map { $0 + g * gemmM }, activation: activation, workers: workers)
            }
        }
    }
}
