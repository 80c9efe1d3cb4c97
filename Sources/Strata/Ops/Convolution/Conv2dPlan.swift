/// A convolution compiled for one input shape: geometry, algorithm and workspace size are
/// decided here, once; `execute(input:weights:bias:output:workspace:)` then only runs.
///
/// Work is split over ``workers`` threads around single-threaded sgemm calls:
/// - im2col + GEMM, wide outputs: each worker takes whole column panels (im2col of its
///   panel into its own workspace slice, then the GEMM of that panel), so im2col is
///   parallel too and each panel is consumed while still in cache;
/// - narrow outputs (deep layers, N = OH·OW small): im2col of the whole plane split by
///   channels, then the GEMM split by output channels;
/// - 1x1 pointwise: the fused AVX2 GEMM or sgemm, split by columns or rows (`Conv2dPlan+Pointwise.swift`);
/// - depthwise: input channels spread over workers, a padded plane each (`Conv2dPlan+Depthwise.swift`);
/// - Winograd: blocks of tiles over workers, or each block's steps split over them
///   (`WinogradPlan`); its weights are transformed once, by ``preparedWeights(_:)``.
public struct Conv2dPlan: Sendable {
    /// The convolution this plan runs.
    public let configuration: Conv2dConfiguration
    /// `[N, C, H, W]`
    public let inputShape: Shape
    /// `[N, OC, OH, OW]`
    public let outputShape: Shape
    /// Where every window sits: kernel, stride, dilation and resolved padding for this input size.
    public let geometry: WindowGeometry
    /// The algorithm the plan runs (the cost model's choice, or the preferred one where it applies).
    public let algorithm: ConvAlgorithm
    /// Floats of scratch memory `execute(input:weights:bias:output:workspace:)` needs.
    public let workspaceCount: Int
    /// The number of shares the work is split into.
    public let workers: Int
    /// Applied to the output right after each GEMM panel or plane, while it is in cache
    /// (the fused epilogue of conv + activation).
    public let activation: Activation?
    /// Column-panel width of the im2col GEMM (0 when the plane is lowered whole).
    let panelWidth: Int
    /// Tiling, blocking and workspace of the Winograd algorithms (nil for the others).
    let winograd: WinogradPlan?

    /// The default workspace budget per worker, in floats (2 MiB): the largest im2col
    /// column panel, or Winograd block (V and M), one worker fills. Measured on ResNet-18
    /// shapes: narrower panels keep the column buffer in L2 but make OpenBLAS repack the
    /// weights for every small GEMM, which costs more than it saves; wider ones stop paying
    /// off (Docs/PERFORMANCE.md, "Bounded memory").
    public static let defaultWorkspaceBudget = 512 * 1024
    /// Narrowest panel worth a separate GEMM call.
    static let minimumPanelWidth = 64

    /// The per-group GEMM: `out[M, N] = weights[M, K] · col[K, N]`.
    public var gemmM: Int { configuration.outChannels / configuration.groups }
    /// `OH·OW`, the GEMM's N: one column per output pixel.
    public var gemmN: Int { geometry.output.height * geometry.output.width }
    /// `C/groups·KH·KW`, the GEMM's K: one row per input channel and tap.
    public var gemmK: Int { configuration.inChannels / configuration.groups * geometry.kernel.height * geometry.kernel.width }

    /// Validates the input shape against the configuration and plans the run.
    /// - Parameter configuration: the convolution (channels, kernel, stride, padding, dilation, groups).
    /// - Parameter inputShape: `[N, C, H, W]`, with C the configuration's input channels.
    /// - Parameter activation: applied to every output after the bias (fused into the
    ///   GEMM epilogue), or nil.
    /// - Parameter workers: threads the run is split over.
    /// - Parameter preferred: the algorithm to use where its precondition
    ///   (``ConvAlgorithm/isApplicable(to:geometry:)``) holds, to compare algorithms or
    ///   test each; nil, or an algorithm that does not apply, leaves the choice to
    ///   ``ConvAlgorithm``'s cost model. ``algorithm`` says which one runs.
    /// - Parameter workspaceBudget: floats of workspace per worker for the im2col panels
    ///   and the Winograd blocks. A panel is still at least 64 columns wide (16 when the
    ///   plane is narrower than 64 columns per worker) and a Winograd block at least 16
    ///   tiles, so a tiny budget slows the run down but never fails it.
    public init(
        configuration: Conv2dConfiguration, inputShape: Shape, activation: Activation? = nil,
        workers: Int = Threading.workers, algorithm preferred: ConvAlgorithm? = nil,
        workspaceBudget: Int = Conv2dPlan.defaultWorkspaceBudget
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
        let workers = max(1, workers)
        self.workers = workers
        // 2^40 floats (4 TiB) per worker is already no bound; capping keeps every product
        // of the budget with worker and tile counts within Int.
        let workspaceBudget = min(max(1, workspaceBudget), 1 << 40)
        let algorithm = if let preferred, preferred.isApplicable(to: configuration, geometry: geometry) {
            preferred
        } else {
            ConvAlgorithm.choose(for: configuration, geometry: geometry, batch: inputShape[0], workers: workers)
        }
        self.algorithm = algorithm
        self.activation = activation
        winograd = algorithm.winogradVariant.map { variant in
            WinogradPlan(variant: variant, batch: inputShape[0], inChannels: configuration.inChannels,
                         outChannels: configuration.outChannels, geometry: geometry, workers: workers, budget: workspaceBudget)
        }

        let n = geometry.output.height * geometry.output.width
        let k = configuration.inChannels / configuration.groups * configuration.kernel.height * configuration.kernel.width
        // Narrow planes (deep layers) are lowered whole, split by channels, unless that
        // plane's columns exceed the budget of all workers together.
        let (columns, columnsOverflow) = k.multipliedReportingOverflow(by: n)
        let (allBudgets, budgetsOverflow) = self.workers.multipliedReportingOverflow(by: workspaceBudget)
        let wholePlaneFits = !columnsOverflow && (budgetsOverflow || columns <= allBudgets)
        if algorithm == .im2colGemm && (n >= self.workers * Conv2dPlan.minimumPanelWidth || !wholePlaneFits) {
            // Equal panels, as few as the budget allows, in a multiple of the worker count
            // so every worker gets the same amount of work.
            let narrowest = n >= self.workers * Conv2dPlan.minimumPanelWidth ? Conv2dPlan.minimumPanelWidth : 16
            let budgetWidth = max(narrowest, workspaceBudget / k)
            let fewestPanels = (n + budgetWidth - 1) / budgetWidth
            let panels = (fewestPanels + self.workers - 1) / self.workers * self.workers
            panelWidth = ((n + panels - 1) / panels + 15) / 16 * 16
            workspaceCount = self.workers * k * panelWidth
        } else {
            panelWidth = 0
            workspaceCount = algorithm == .im2colGemm ? k * n
                : algorithm == .depthwiseDirect ? Conv2dPlan.depthwiseWorkspaceCount(geometry, workers: self.workers)
                : algorithm == .pointwiseGemm ? Conv2dPlan.pointwiseWorkspaceCount(k: k, n: n, workers: self.workers)
                : (winograd.map { $0.workspaceCount } ?? 0)
        }
    }

    /// The weights in the layout ``execute(input:preparedWeights:bias:output:workspace:)``
    /// reads, made once per layer (not per run): the weights themselves (no copy) for the
    /// GEMM and depthwise algorithms, their Winograd transform `[α², OC, IC]` for the
    /// Winograd ones.
    /// - Parameter weight: `[OC, IC/groups, KH, KW]`
    public func preparedWeights(_ weight: Tensor) throws -> Tensor {
        guard weight.shape.dimensions == configuration.weightDimensions else {
            throw StrataError.shapeMismatch(
                "conv weight has shape \(weight.shape); expected \(configuration.weightDimensions) [OC, IC/groups, KH, KW]")
        }
        guard let variant = winograd?.tiling.variant else { return weight }
        let points = variant.inputTile * variant.inputTile
        let dimensions = [points, configuration.outChannels, configuration.inChannels]
        try MemoryLimit.check(floats: points * weight.elementCount / 9, "the Winograd weights \(dimensions) of a convolution")
        var transformed = try Tensor(shape: dimensions)
        weight.withUnsafeBufferPointer { w in
            transformed.withUnsafeMutableBufferPointer { u in
                variant.transformWeights(w.baseAddress!, outChannels: configuration.outChannels,
                                         inChannels: configuration.inChannels, into: u.baseAddress!)
            }
        }
        return transformed
    }

    /// Runs the convolution.
    /// - Parameters:
    ///   - input: `[N, C, H, W]`
    ///   - weights: ``preparedWeights(_:)`` of the weights `[OC, C/groups, KH, KW]`
    ///   - bias: `[OC]` or nil
    ///   - output: `[N, OC, OH, OW]`, overwritten
    ///   - workspace: at least ``workspaceCount`` floats
    public func execute(
        input: UnsafePointer<Float>, preparedWeights weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>?
    ) {
        precondition(workspaceCount == 0 || workspace != nil, "Conv2dPlan: workspace of \(workspaceCount) floats required")
        if let winograd {
            winograd.execute(input: input, weights: weights, bias: bias, activation: activation, output: output, workspace: workspace!)
            return
        }
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
        case .winograd2x2, .winograd4x4:
            preconditionFailure("Conv2dPlan: a Winograd algorithm without its plan")
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
