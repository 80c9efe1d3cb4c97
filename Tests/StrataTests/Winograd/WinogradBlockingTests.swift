@testable import Strata
import StrataDiagnostics
import Testing

/// The block schedules of ``WinogradPlan`` on one layer, with budgets small enough to cut
/// its 2 x 10 x 12 tiles of F(4x4) (or 2 x 19 x 23 of F(2x2)) into many blocks: blocks that
/// start and end inside a tile row and span two images, several blocks per worker, and
/// the shared schedule (each block's steps split over the workers). Each schedule runs with
/// the Swift transforms and, where the CPU has AVX2 and FMA, with the C output transform.
@Suite struct WinogradBlockingTests {
    static let testCase = ConvCase(batch: 2, inChannels: 8, height: 37, width: 45, outChannels: 8, kernel: 3, padding: .all(1))

    /// (variant, workers, budget in tiles of V and M, expected schedule)
    static let schedules: [(WinogradVariant, Int, Int, Bool)] = [
        (.f4x4, 1, 20, false), (.f4x4, 2, 20, false), (.f4x4, 3, 17, false),
        (.f4x4, 2, 10, true), (.f4x4, 3, 5, true),
        (.f2x2, 2, 30, false), (.f2x2, 2, 8, true),
    ]

    @Test(arguments: schedules.indices)
    func scheduleMatchesReference(_ index: Int) throws {
        let (variant, workers, budgetTiles, shared) = Self.schedules[index]
        let configuration = Self.testCase.configuration
        var rng = SeededGenerator(seed: 31 &+ UInt64(index))
        let input = try Tensor.uniform(Self.testCase.inputDimensions, low: -1, high: 1, using: &rng)
        let weight = try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let bias = try Tensor.uniform([configuration.outChannels], low: -1, high: 1, using: &rng)
        let geometry = try Conv2dPlan(configuration: configuration, inputShape: input.shape, workers: 1).geometry
        let points = variant.inputTile * variant.inputTile
        var transformed = [Float](repeating: 0, count: points * 64)
        weight.withUnsafeBufferPointer { w in
            transformed.withUnsafeMutableBufferPointer { variant.transformWeights(w.baseAddress!, outChannels: 8, inChannels: 8, into: $0.baseAddress!) }
        }
        let expected = try referenceOutput(of: ConvOp(configuration, weight: weight, bias: bias), inputs: [input])
        let tolerance = WinogradRandomizedTests.tolerances[variant == .f2x2 ? .winograd2x2 : .winograd4x4]!
        for avx2 in WinogradPlan.cpuHasAVX2 ? [false, true] : [false] {
            let plan = WinogradPlan(variant: variant, batch: 2, inChannels: 8, outChannels: 8, geometry: geometry, workers: workers,
                                    budget: budgetTiles * points * 16, avx2: avx2)
            let blocks = (plan.tiling.count + plan.blockTiles - 1) / plan.blockTiles
            #expect(plan.sharedBlocks == shared && blocks > workers, "\(variant) workers \(workers): \(blocks) blocks of \(plan.blockTiles)")
            var output = try Tensor(shape: [2, 8, 37, 45], repeating: .nan)
            var workspace = [Float](repeating: .nan, count: plan.workspaceCount)
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    bias.withUnsafeBufferPointer { b in
                        plan.execute(input: x.baseAddress!, weights: transformed, bias: b.baseAddress!, activation: nil,
                                     output: y.baseAddress!, workspace: &workspace)
                    }
                }
            }
            let comparison = try output.compared(with: expected)
            #expect(comparison.relativeError <= tolerance, "\(variant) workers \(workers) budget \(budgetTiles) tiles avx2 \(avx2): \(comparison)")
        }
    }
}
