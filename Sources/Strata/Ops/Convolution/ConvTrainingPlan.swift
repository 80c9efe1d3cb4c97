/// A convolution's training forward and backward pass for one input shape.
///
/// Per image `n` and group `g` (`K = IC/g·KH·KW` rows, `P = OH·OW` columns):
///
///     col[n, g] = im2col(x[n, g])                     [K, P], kept in `saved`
///     y[n, g]   = W[g] · col[n, g] + b                [OC/g, P]
///     dW[g]     = Σ_n dY[n, g] · col[n, g]ᵀ           (PyTorch's conv2d weight gradient)
///     db        = Σ_n Σ_p dY[n, :, p]
///     dx[n, g] += col2im(W[g]ᵀ · dY[n, g])
///
/// A 1x1 stride-1 unpadded convolution reads the input plane as its column matrix (nothing
/// saved) and adds `W[g]ᵀ · dY` into dx with one beta = 1 GEMM.
///
/// Work is split by images over `shares = min(workers, N)` threads. Each share sums the
/// weight and bias gradients of its images into its own slice of the workspace (share 0
/// straight into the gradients), and the slices are then added in share order, so a given
/// thread count always gives the same bits; one worker runs everything inline.
struct ConvTrainingPlan: TrainingPlan {
    let geometry: WindowGeometry
    let batch: Int, inChannels: Int, outChannels: Int, groups: Int
    let hasBias: Bool
    /// Threads the images are split over.
    let shares: Int
    /// Kernel 1x1, stride 1, no padding: the input is the column matrix.
    let direct: Bool

    let savedCount: Int
    let workspaceCount: Int

    private var groupIn: Int { inChannels / groups }
    private var groupOut: Int { outChannels / groups }
    /// Rows of a group's column matrix, `IC/g·KH·KW`.
    private var k: Int { groupIn * geometry.kernel.height * geometry.kernel.width }
    /// Output pixels, the columns of every GEMM.
    private var p: Int { geometry.output.height * geometry.output.width }
    private var inputPlane: Int { geometry.input.height * geometry.input.width }
    /// Floats of one group's column matrix.
    private var colCount: Int { k * p }
    /// Floats of one share's column gradient (none for a direct convolution).
    private var dcolCount: Int { direct ? 0 : colCount }
    /// Floats of one share's partial weight and bias gradients.
    private var partialCount: Int { outChannels * k + outChannels }

    init(configuration c: Conv2dConfiguration, geometry: WindowGeometry, batch: Int, hasBias: Bool, workers: Int) throws {
        self.geometry = geometry
        (self.batch, inChannels, outChannels, groups) = (batch, c.inChannels, c.outChannels, c.groups)
        self.hasBias = hasBias
        shares = max(1, min(workers, batch))
        direct = geometry.kernel == 1 && geometry.stride == 1 && geometry.padding == .zero
        let k = c.inChannels / c.groups * geometry.kernel.height * geometry.kernel.width
        let p = geometry.output.height * geometry.output.width
        let saved = direct ? 0 : batch * c.groups * k * p
        try MemoryLimit.check(floats: saved, "the im2col matrices [\(batch)·\(c.groups), \(k), \(p)] a convolution keeps for training")
        savedCount = saved
        // Workspace: a column gradient per share, then partial weight and bias gradients
        // for every share but the first.
        workspaceCount = shares * (direct ? 0 : k * p) + (shares - 1) * (c.outChannels * k + c.outChannels)
    }

    // MARK: forward

    func forward(_ pass: TrainingForward) {
        let x = pass.inputs[0]
        let w = UnsafePointer(pass.parameters[0])
        let b = hasBias ? UnsafePointer(pass.parameters[1]) : nil
        let (y, saved) = (pass.output, pass.saved)
        parallelFor(shares, workers: shares) { share in
            let (first, end) = evenSplit(batch, parts: shares, part: share)
            for n in first..<end { forwardImage(n, x: x, w: w, b: b, y: y, saved: saved) }
        }
    }

    private func forwardImage(
        _ n: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>, b: UnsafePointer<Float>?,
        y: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>?
    ) {
        let out = y + n * outChannels * p
        if let b {
            // The bias fills C and the GEMM accumulates onto it (beta = 1): no extra pass.
            for oc in 0..<outChannels { (out + oc * p).update(repeating: b[oc], count: p) }
        }
        for g in 0..<groups {
            let col = columns(n, g, x: x, saved: saved)
            if !direct {
                KernelProfile.measure(.im2col) {
                    im2colPanel(input: x + (n * inChannels + g * groupIn) * inputPlane, channels: groupIn, geometry: geometry,
                                columnStart: 0, width: p, col: UnsafeMutablePointer(mutating: col))
                }
            }
            BLAS.sgemm(m: groupOut, n: p, k: k, a: w + g * groupOut * k, lda: k, b: col, ldb: p,
                       beta: b == nil ? 0 : 1, c: out + g * groupOut * p, ldc: p)
        }
    }

    /// Group `g` of image `n`'s column matrix `[K, P]`: its slot in `saved`, or the input
    /// itself for a direct (1x1) convolution.
    @inline(__always)
    private func columns(_ n: Int, _ g: Int, x: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        direct ? x + (n * inChannels + g * groupIn) * inputPlane : UnsafePointer(saved! + (n * groups + g) * colCount)
    }

    // MARK: backward

    func backward(_ pass: TrainingBackward) {
        let x = pass.inputs[0]
        let w = UnsafePointer(pass.parameters[0])
        let dy = pass.outputGradient
        let dx = pass.inputGradients[0]
        let dw = pass.parameterGradients[0]
        let db = hasBias ? pass.parameterGradients[1] : nil
        let (saved, workspace) = (pass.saved, pass.workspace)
        parallelFor(shares, workers: shares) { share in
            let dcol = workspace.map { $0 + share * dcolCount }
            let partial = workspace.map { $0 + shares * dcolCount + (share - 1) * partialCount }
            // Share 0 sums straight into the gradients, the others into their partials.
            let (shareW, shareB) = share == 0 ? (dw, db) : (partial, db == nil ? nil : partial! + outChannels * k)
            let (first, end) = evenSplit(batch, parts: shares, part: share)
            if first == end {
                shareW?.update(repeating: 0, count: outChannels * k)
                shareB?.update(repeating: 0, count: outChannels)
            }
            for n in first..<end {
                backwardImage(n, accumulate: n != first, x: x, w: w, dy: dy, dx: dx, dw: shareW, db: shareB,
                              saved: saved, dcol: dcol)
            }
        }
        guard shares > 1 else { return }
        for share in 1..<shares {
            let partial = workspace! + shares * dcolCount + (share - 1) * partialCount
            if let dw { addRow(partial, into: dw, count: outChannels * k) }
            if let db { addRow(partial + outChannels * k, into: db, count: outChannels) }
        }
    }

    private func backwardImage(
        _ n: Int, accumulate: Bool, x: UnsafePointer<Float>, w: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>?, dw: UnsafeMutablePointer<Float>?, db: UnsafeMutablePointer<Float>?,
        saved: UnsafeMutablePointer<Float>?, dcol: UnsafeMutablePointer<Float>?
    ) {
        let dyImage = dy + n * outChannels * p
        if let db {
            for oc in 0..<outChannels {
                let sum = sumRow(dyImage + oc * p, count: p)
                db[oc] = accumulate ? db[oc] + sum : sum
            }
        }
        for g in 0..<groups {
            let dyGroup = dyImage + g * groupOut * p
            let col = columns(n, g, x: x, saved: saved)
            let wGroup = w + g * groupOut * k
            if let dw {
                BLAS.sgemm(m: groupOut, n: k, k: p, a: dyGroup, lda: p, b: col, ldb: p,
                           beta: accumulate ? 1 : 0, c: dw + g * groupOut * k, ldc: k, transposeB: true)
            }
            guard let dx else { continue }
            let dxGroup = dx + (n * inChannels + g * groupIn) * inputPlane
            if direct {
                BLAS.sgemm(m: k, n: p, k: groupOut, a: wGroup, lda: k, b: dyGroup, ldb: p,
                           beta: 1, c: dxGroup, ldc: p, transposeA: true)
            } else {
                BLAS.sgemm(m: k, n: p, k: groupOut, a: wGroup, lda: k, b: dyGroup, ldb: p,
                           beta: 0, c: dcol!, ldc: p, transposeA: true)
                KernelProfile.measure(.col2im) { col2im(col: dcol!, channels: groupIn, geometry: geometry, image: dxGroup) }
            }
        }
    }
}
