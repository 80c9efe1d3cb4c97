/// A transposed convolution compiled for one input shape.
///
/// Per image and group, with `X_g: [IC/g, H·W]` and `W_g: [IC/g, OC/g·KH·KW]`:
///
///     col = W_gᵀ · X_g                      // [OC/g·KH·KW, H·W], one sgemm (A transposed)
///     Y_g = bias + col2im(col)              // overlap-add into [OC/g, OH, OW]
///
/// - `gemmCol2im` (any parameters): the GEMM is split over the workers by columns (or
///   rows), then the output channels are split over the workers, each filling its planes
///   with the bias and adding its columns back (``col2im(col:channels:geometry:image:)``).
///   Workspace: one column matrix.
/// - `disjointBlocks` (kernel == stride, no padding, dilation or output padding: the x2
///   upsampling head): every input pixel owns an `SH × SW` output block, so the columns
///   are scattered, not summed. The input rows are cut into panels (a multiple of the
///   worker count, each at most 2 MiB of columns); each worker runs the GEMM of its panel
///   into its own workspace slice and scatters it with the bias while it is in cache.
public struct ConvTransposePlan: Sendable {
    /// How the plan runs: `gemmCol2im` in general, `disjointBlocks` when kernel == stride (see above).
    public enum Algorithm: String, Sendable {
        /// One GEMM into a column matrix, then col2im's overlap-add (any parameters).
        case gemmCol2im
        /// Kernel == stride, no padding, dilation or output padding: each input pixel owns
        /// one output block, so the GEMM's columns are scattered, not summed.
        case disjointBlocks
    }

    /// The transposed convolution this plan runs.
    public let configuration: ConvTranspose2dConfiguration
    /// `[N, IC, H, W]`
    public let inputShape: Shape
    /// `[N, OC, OH, OW]`
    public let outputShape: Shape
    /// The algorithm chosen for this configuration.
    public let algorithm: Algorithm
    /// Floats of scratch memory a run needs.
    public let workspaceCount: Int
    let geometry: WindowGeometry
    let workers: Int
    /// Input rows per panel (disjoint blocks).
    let panelRows: Int

    /// Checks the input shape against the configuration and plans the run.
    /// - Parameters:
    ///   - configuration: the transposed convolution.
    ///   - inputShape: `[N, IC, H, W]`.
    ///   - workers: the number of shares the work is split into.
    /// - Throws: ``StrataError`` for a wrong rank, channel count or an empty output.
    public init(configuration: ConvTranspose2dConfiguration, inputShape: Shape, workers: Int = Threading.workers) throws {
        try expectRank(inputShape, 4, name: "convtranspose input", layout: "[N, C, H, W]")
        guard inputShape[1] == configuration.inChannels else {
            throw StrataError.shapeMismatch(
                "convtranspose input has \(inputShape[1]) channels (shape \(inputShape)); the layer expects \(configuration.inChannels)")
        }
        guard inputShape[2] >= 1 && inputShape[3] >= 1 else {
            throw StrataError.invalidShape("convtranspose input has shape \(inputShape) with an empty plane; expected H and W >= 1 (only N may be 0)")
        }
        let input = Size2D(inputShape[2], inputShape[3])
        geometry = try configuration.forwardGeometry(input: input)
        let output = geometry.input
        self.configuration = configuration
        self.inputShape = inputShape
        outputShape = try Shape([inputShape[0], configuration.outChannels, output.height, output.width])
        self.workers = max(1, workers)
        algorithm = configuration.isDisjointBlocks ? .disjointBlocks : .gemmCol2im
        let c = configuration
        let rows = Shape.checkedElementCount([c.outChannels / c.groups, c.kernel.height, c.kernel.width, input.height, input.width]) ?? Int.max
        guard rows <= MemoryBudget.largestWorkspace else {
            throw StrataError.invalidShape(
                "convtranspose \(configuration) on \(inputShape) needs a column matrix of more than \(MemoryBudget.largestWorkspace) floats")
        }
        if algorithm == .disjointBlocks {
            let rowWidth = input.width * (c.outChannels / c.groups * c.kernel.height * c.kernel.width)
            let budgetRows = max(1, Conv2dPlan.defaultWorkspaceBudget / max(1, rowWidth))
            let fewest = (input.height + budgetRows - 1) / budgetRows
            let panels = min(input.height, (fewest + self.workers - 1) / self.workers * self.workers)
            panelRows = (input.height + panels - 1) / panels
            let items = max(1, inputShape[0] * configuration.groups * panels)
            workspaceCount = min(self.workers, items) * panelRows * rowWidth
        } else {
            panelRows = 0
            workspaceCount = rows
        }
    }

    /// Rows of the column matrix: `OC/g · KH · KW`.
    var gemmRowsCount: Int { configuration.outChannels / configuration.groups * configuration.kernel.height * configuration.kernel.width }

    /// - Parameters:
    ///   - input: `[N, IC, H, W]`
    ///   - weights: `[IC, OC/groups, KH, KW]`
    ///   - bias: `[OC]` or nil
    ///   - output: `[N, OC, OH, OW]`, overwritten
    ///   - workspace: at least ``workspaceCount`` floats
    public func execute(input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>?) {
        guard inputShape[0] > 0 else { return }
        switch algorithm {
        case .gemmCol2im: executeCol2im(input, weights, bias, output, workspace!)
        case .disjointBlocks: executeBlocks(input, weights, bias, output, workspace!)
        }
    }
}

/// Limits on what one plan may ask for.
enum MemoryBudget {
    /// Floats of workspace one op may plan (2^31: 8 GiB), so hostile shapes fail at plan time.
    static let largestWorkspace = 1 << 31
}

extension ConvTransposePlan {
    private var groups: Int { configuration.groups }
    private var groupIn: Int { configuration.inChannels / groups }
    private var groupOut: Int { configuration.outChannels / groups }
    private var inputPlane: Int { inputShape[2] * inputShape[3] }
    private var outputPlane: Int { outputShape[2] * outputShape[3] }

    private func executeCol2im(_ input: UnsafePointer<Float>, _ weights: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                               _ output: UnsafeMutablePointer<Float>, _ col: UnsafeMutablePointer<Float>) {
        let (m, n, k) = (gemmRowsCount, inputPlane, groupIn)
        let byColumns = n >= workers * 16
        let units = byColumns ? (n + 15) / 16 : m
        let gemmShares = min(workers, units)
        let channelShares = min(workers, groupOut)
        for image in 0..<inputShape[0] {
            for g in 0..<groups {
                let x = input + (image * configuration.inChannels + g * groupIn) * n
                let w = weights + g * groupIn * m
                parallelFor(gemmShares, workers: workers) { share in
                    let (u0, u1) = evenSplit(units, parts: gemmShares, part: share)
                    let (r0, r1, c0, c1) = byColumns ? (0, m, u0 * 16, min(n, u1 * 16)) : (u0, u1, 0, n)
                    // col[r0..<r1, c0..<c1] = W_gᵀ[r0..<r1, :] · X_g[:, c0..<c1]; W_g is [k, m].
                    BLAS.sgemm(m: r1 - r0, n: c1 - c0, k: k, a: w + r0, lda: m, b: x + c0, ldb: n,
                               c: col + r0 * n + c0, ldc: n, transposeA: true)
                }
                let y = output + (image * configuration.outChannels + g * groupOut) * outputPlane
                let taps = configuration.kernel.height * configuration.kernel.width
                parallelFor(channelShares, workers: workers) { share in
                    let (o0, o1) = evenSplit(groupOut, parts: channelShares, part: share)
                    for o in o0..<o1 {
                        (y + o * outputPlane).update(repeating: bias?[g * groupOut + o] ?? 0, count: outputPlane)
                    }
                    col2im(col: col + o0 * taps * n, channels: o1 - o0, geometry: geometry, image: y + o0 * outputPlane)
                }
            }
        }
    }

    private func executeBlocks(_ input: UnsafePointer<Float>, _ weights: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                               _ output: UnsafeMutablePointer<Float>, _ workspace: UnsafeMutablePointer<Float>) {
        let (m, k) = (gemmRowsCount, groupIn)
        let (inH, inW) = (inputShape[2], inputShape[3])
        let (sH, sW) = (configuration.stride.height, configuration.stride.width)
        let outW = outputShape[3]
        let panels = (inH + panelRows - 1) / panelRows
        let items = inputShape[0] * groups * panels
        let shares = min(workers, items)
        parallelFor(shares, workers: workers) { worker in
            let col = workspace + worker * panelRows * inW * m
            for item in stride(from: worker, to: items, by: shares) {
                let (plane, panel) = item.quotientAndRemainder(dividingBy: panels)
                let (image, g) = plane.quotientAndRemainder(dividingBy: groups)
                let (row0, row1) = (panel * panelRows, min(inH, (panel + 1) * panelRows))
                let width = (row1 - row0) * inW
                let x = input + (image * configuration.inChannels + g * groupIn) * inputPlane + row0 * inW
                BLAS.sgemm(m: m, n: width, k: k, a: weights + g * groupIn * m, lda: m, b: x, ldb: inputPlane,
                           c: col, ldc: width, transposeA: true)
                let y = output + (image * configuration.outChannels + g * groupOut) * outputPlane
                for o in 0..<groupOut {
                    let b = bias?[g * groupOut + o] ?? 0
                    for kh in 0..<sH {
                        for ih in row0..<row1 {
                            let target = y + o * outputPlane + (ih * sH + kh) * outW
                            let source = col + ((o * sH + kh) * sW) * width + (ih - row0) * inW
                            scatterBlockRow(source, rowStride: width, into: target, count: inW, stride: sW, bias: b)
                        }
                    }
                }
            }
        }
    }
}

/// `target[i·S + kw] = source[kw·rowStride + i] + bias` for `i in 0..<count`, `kw in 0..<S`:
/// one output row of the disjoint-block scatter (the `S` taps of a kernel row interleaved).
@inline(__always)
private func scatterBlockRow(_ source: UnsafePointer<Float>, rowStride: Int, into target: UnsafeMutablePointer<Float>,
                             count: Int, stride s: Int, bias: Float) {
    switch s {
    case 1:
        for i in 0..<count { target[i] = source[i] + bias }
    case 2:
        let (even, odd) = (source, source + rowStride)
        var i = 0
        while i + 8 <= count {
            let a = loadVector(even + i) + bias, b = loadVector(odd + i) + bias
            let low = SIMD8<Float>(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3])
            let high = SIMD8<Float>(a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
            storeVector(low, to: target + 2 * i)
            storeVector(high, to: target + 2 * i + 8)
            i += 8
        }
        while i < count {
            target[2 * i] = even[i] + bias
            target[2 * i + 1] = odd[i] + bias
            i += 1
        }
    default:
        for kw in 0..<s {
            let row = source + kw * rowStride
            for i in 0..<count { target[i &* s &+ kw] = row[i] + bias }
        }
    }
}
