import CStrataKernels

/// A Winograd convolution planned for one input shape: the tiling, how tiles are blocked
/// and spread over the workers, and the workspace.
///
/// A block of B tiles runs in three steps, all in the workspace:
/// 1. input transform (``WinogradInput``): `V: [α², IC, stride]`;
/// 2. α² single-threaded sgemm calls, `M[p] = U[p] · V[p]`: `[OC, IC] x [IC, B]`;
/// 3. output transform with bias and activation (``WinogradOutput``) from `M: [α², OC, stride]`.
///
/// Blocks hold at most `budget` floats of V and M per worker (or ``minimumBlockTiles``
/// tiles, whichever is more). When every worker gets blocks of at least
/// ``minimumBlockTiles`` tiles, each worker runs all three steps on its own blocks
/// (`sharedBlocks` false: no barrier, each block stays in its worker's cache). With fewer
/// tiles (deep layers: a 14x14 plane is 16 tiles of F(4x4)), the blocks run one after
/// another and each step is split over the workers: the input transform by channels, the
/// GEMMs by transform points, the output transform by output channels, so that the
/// transformed weights are read once rather than once per worker.
struct WinogradPlan: Sendable {
    let tiling: WinogradTiling
    let workers: Int
    /// B: tiles per block.
    let blockTiles: Int
    /// Row stride of V and M: B rounded up to 8, plus 8 for the vector that may run past
    /// the block's last tile.
    let blockStride: Int
    /// Floats from one transform point's matrix to the next in V (`IC·stride`) and M
    /// (`OC·stride`), plus one cache line: the transforms touch all α² points of a tile at
    /// once, and strides that are multiples of 4 KiB would map them all to the same L1
    /// set (measured: the input transform's stores then took most of its time).
    let vPointStride: Int
    let mPointStride: Int
    let sharedBlocks: Bool
    /// Floats of workspace ``execute(input:weights:bias:activation:output:workspace:)`` needs.
    let workspaceCount: Int
    /// Runs the AVX2/FMA C output transform (``WinogradKernel/outputAVX2``) rather than the
    /// Swift one: where the CPU has them, unless a test or benchmark asks otherwise.
    let avx2: Bool

    /// Whether this CPU runs the AVX2/FMA kernels (`strata_cpu_has_avx2_fma()`).
    static var cpuHasAVX2: Bool { strata_cpu_has_avx2_fma() }

    /// Fewest tiles worth a separate set of α² GEMM calls.
    static let minimumBlockTiles = 16

    /// - Parameters:
    ///   - budget: floats of V and M per worker (``Conv2dPlan/defaultWorkspaceBudget``;
    ///     tests lower it to run many blocks).
    ///   - avx2: use the C kernels; only where `strata_cpu_has_avx2_fma()`.
    init(
        variant: WinogradVariant, batch: Int, inChannels: Int, outChannels: Int, geometry: WindowGeometry, workers: Int,
        budget: Int = Conv2dPlan.defaultWorkspaceBudget, avx2: Bool = WinogradPlan.cpuHasAVX2
    ) {
        self.avx2 = avx2
        let tiling = WinogradTiling(variant: variant, batch: batch, inChannels: inChannels, outChannels: outChannels, geometry: geometry)
        let points = variant.inputTile * variant.inputTile
        let floatsPerTile = points * (inChannels + outChannels)
        let tiles = max(1, tiling.count)
        // Tiles whose V and M fit one worker's budget.
        let fitting = budget / floatsPerTile
        let perWorker = (tiles + workers - 1) / workers
        let minimum = WinogradPlan.minimumBlockTiles
        if workers == 1 || (fitting >= minimum && perWorker >= minimum) {
            // Equal blocks, as few as the budget allows, in a multiple of the worker count.
            let fewest = (tiles + max(minimum, fitting) - 1) / max(minimum, fitting)
            let blocks = (fewest + workers - 1) / workers * workers
            blockTiles = (tiles + blocks - 1) / blocks
            sharedBlocks = false
        } else {
            let largest = max(minimum, workers * fitting)
            let blocks = (tiles + largest - 1) / largest
            blockTiles = (tiles + blocks - 1) / blocks
            sharedBlocks = true
        }
        self.tiling = tiling
        self.workers = workers
        blockStride = (blockTiles + 7) / 8 * 8 + 8
        vPointStride = inChannels * blockStride + 16
        mPointStride = outChannels * blockStride + 16
        let transformed = points * (vPointStride + mPointStride)
        workspaceCount = (sharedBlocks ? transformed : workers * transformed) + workers * WinogradPlan.scratchCount(tiling)
    }

    /// Scratch floats of one worker: the deinterleaved band `[α, m, phaseStride]` and the
    /// output staging rows `[m, m·phaseStride]`.
    private static func scratchCount(_ tiling: WinogradTiling) -> Int {
        (tiling.variant.inputTile + tiling.variant.outputTile) * tiling.variant.outputTile * tiling.phaseStride
    }
    private var scratchCount: Int { WinogradPlan.scratchCount(tiling) }

    private var points: Int { tiling.variant.inputTile * tiling.variant.inputTile }
    /// V of one block; M follows it.
    private var vCount: Int { points * vPointStride }
    private var transformedCount: Int { points * (vPointStride + mPointStride) }

    /// Runs the convolution.
    /// - Parameters:
    ///   - input: `[N, IC, H, W]`
    ///   - weights: the transformed weights `[α², OC, IC]` (``WinogradVariant/transformWeights(_:outChannels:inChannels:into:)``)
    ///   - bias: `[OC]` or nil
    ///   - output: `[N, OC, OH, OW]`, overwritten
    ///   - workspace: at least ``workspaceCount`` floats
    func execute(
        input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?, activation: Activation?,
        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>
    ) {
        switch tiling.variant {
        case .f2x2:
            run(WinogradF2x2.self, input: input, weights: weights, bias: bias, activation: activation, output: output, workspace: workspace)
        case .f4x4:
            run(WinogradF4x4.self, input: input, weights: weights, bias: bias, activation: activation, output: output, workspace: workspace)
        }
    }

    private func run<K: WinogradKernel>(
        _: K.Type, input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        activation: Activation?, output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>
    ) {
        let tiles = tiling.count
        let blocks = (tiles + blockTiles - 1) / blockTiles
        let (inChannels, outChannels) = (tiling.inChannels, tiling.outChannels)
        func blockRange(_ block: Int) -> Range<Int> { block * blockTiles..<min(tiles, (block + 1) * blockTiles) }
        if !sharedBlocks {
            parallelFor(min(workers, blocks), workers: workers) { worker in
                let v = workspace + worker * transformedCount
                let mm = v + vCount
                let scratch = workspace + workers * transformedCount + worker * scratchCount
                for block in Swift.stride(from: worker, to: blocks, by: workers) {
                    let range = blockRange(block)
                    WinogradInput.transform(K.self, tiling: tiling, input: input, tiles: range, channels: 0..<inChannels,
                                            v: v, stride: blockStride, pointStride: vPointStride, band: scratch)
                    multiply(points: 0..<points, tiles: range.count, weights: weights, v: v, mm: mm)
                    WinogradOutput.transform(K.self, tiling: tiling, mm: mm, stride: blockStride, pointStride: mPointStride, tiles: range,
                                             channels: 0..<outChannels, bias: bias, activation: activation,
                                             output: output, staging: scratch + bandCount, avx2: avx2)
                }
            }
            return
        }
        let v = workspace
        let mm = v + vCount
        for block in 0..<blocks {
            let range = blockRange(block)
            forEachShare(of: inChannels) { worker, channels in
                WinogradInput.transform(K.self, tiling: tiling, input: input, tiles: range, channels: channels,
                                        v: v, stride: blockStride, pointStride: vPointStride, band: scratch(workspace, worker))
            }
            forEachShare(of: points) { _, points in
                multiply(points: points, tiles: range.count, weights: weights, v: v, mm: mm)
            }
            forEachShare(of: outChannels) { worker, channels in
                WinogradOutput.transform(K.self, tiling: tiling, mm: mm, stride: blockStride, pointStride: mPointStride, tiles: range,
                                         channels: channels, bias: bias, activation: activation, output: output,
                                         staging: scratch(workspace, worker) + bandCount, avx2: avx2)
            }
        }
    }

    /// Only the input transforms (`output` nil) or only the output transforms (`input` nil)
    /// of every block, on the calling thread, in a one-worker plan's workspace: what
    /// ``WinogradTransformBenchmark`` times.
    func runTransforms(input: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>?, workspace: UnsafeMutablePointer<Float>) {
        switch tiling.variant {
        case .f2x2: runTransforms(WinogradF2x2.self, input: input, output: output, workspace: workspace)
        case .f4x4: runTransforms(WinogradF4x4.self, input: input, output: output, workspace: workspace)
        }
    }

    private func runTransforms<K: WinogradKernel>(
        _: K.Type, input: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>?, workspace: UnsafeMutablePointer<Float>
    ) {
        precondition(workers == 1 && !sharedBlocks, "WinogradPlan.runTransforms: a one-worker plan")
        let scratch = workspace + transformedCount
        for start in Swift.stride(from: 0, to: tiling.count, by: blockTiles) {
            let range = start..<min(tiling.count, start + blockTiles)
            if let input {
                WinogradInput.transform(K.self, tiling: tiling, input: input, tiles: range, channels: 0..<tiling.inChannels,
                                        v: workspace, stride: blockStride, pointStride: vPointStride, band: scratch)
            }
            if let output {
                WinogradOutput.transform(K.self, tiling: tiling, mm: workspace + vCount, stride: blockStride, pointStride: mPointStride,
                                         tiles: range, channels: 0..<tiling.outChannels, bias: nil, activation: nil,
                                         output: output, staging: scratch + bandCount, avx2: avx2)
            }
        }
    }

    /// Floats of the deinterleaved band; the staging rows follow it.
    private var bandCount: Int { tiling.variant.inputTile * tiling.variant.outputTile * tiling.phaseStride }

    /// A worker's scratch in the shared-block layout (after the one V and M).
    private func scratch(_ workspace: UnsafeMutablePointer<Float>, _ worker: Int) -> UnsafeMutablePointer<Float> {
        workspace + transformedCount + worker * scratchCount
    }

    /// `body(worker, range)` for `count` items split evenly over the workers.
    private func forEachShare(of count: Int, _ body: (Int, Range<Int>) -> Void) {
        let shares = min(workers, count)
        parallelFor(shares, workers: workers) { share in
            let (start, end) = evenSplit(count, parts: shares, part: share)
            body(share, start..<end)
        }
    }

    /// `M[p] = U[p] · V[p]` for each transform point p: `[OC, IC] x [IC, tiles]`.
    private func multiply(
        points: Range<Int>, tiles: Int, weights: UnsafePointer<Float>, v: UnsafePointer<Float>, mm: UnsafeMutablePointer<Float>
    ) {
        let (inChannels, outChannels) = (tiling.inChannels, tiling.outChannels)
        for p in points {
            BLAS.sgemm(m: outChannels, n: tiles, k: inChannels,
                       a: weights + p * outChannels * inChannels, lda: inChannels,
                       b: v + p * vPointStride, ldb: blockStride,
                       c: mm + p * mPointStride, ldc: blockStride)
        }
    }
}
