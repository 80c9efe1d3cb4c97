@testable import Strata
import StrataDiagnostics
import Testing

/// Transposed convolution: both algorithms against the scattering reference on random
/// configurations, hand-computed values, col2im as im2col's adjoint, and the errors.
@Suite struct ConvTransposeTests {
    /// Runs `op` through both runners with `workers`, compared with the reference.
    static func check(_ op: ConvTransposeOp, _ x: Tensor, label: String) throws {
        let expected = try referenceOutput(of: op, inputs: [x])
        for workers in [1, 2] {
            let (runner, compiled) = try runThroughGraphs(op, [x], workers: workers)
            for (name, y) in [("runner", runner), ("compiled", compiled)] {
                #expect(y.shape == expected.shape, "\(label) \(name) workers \(workers): shape \(y.shape), expected \(expected.shape)")
                guard y.shape == expected.shape else { continue }
                let comparison = try y.compared(with: expected)
                #expect(comparison.relativeError <= opTolerance, "\(label) \(name) workers \(workers): \(comparison)")
            }
        }
    }

    @Test func randomConfigurationsMatchTheReference() throws {
        let seed: UInt64 = 4_001
        var rng = SeededGenerator(seed: seed)
        var algorithms = Set<ConvTransposePlan.Algorithm>()
        for trial in 0..<120 {
            let groups = [1, 1, 2, 3].randomElement(using: &rng)!
            let depthwise = trial % 7 == 0
            let inChannels = depthwise ? Int.random(in: 2...5, using: &rng) : groups * Int.random(in: 1...3, using: &rng)
            let g = depthwise ? inChannels : groups
            let outChannels = g * Int.random(in: 1...3, using: &rng)
            let disjoint = trial % 4 == 0
            let stride = Size2D(Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
            let kernel = disjoint ? stride : Size2D(Int.random(in: 1...4, using: &rng), Int.random(in: 1...4, using: &rng))
            let dilation = disjoint ? Size2D(1, 1) : Size2D(Int.random(in: 1...2, using: &rng), Int.random(in: 1...2, using: &rng))
            let padding = disjoint ? Padding2D.zero : Padding2D(
                top: Int.random(in: 0...2, using: &rng), left: Int.random(in: 0...2, using: &rng),
                bottom: Int.random(in: 0...2, using: &rng), right: Int.random(in: 0...2, using: &rng))
            let outputPadding = disjoint ? Size2D(0, 0)
                : Size2D(Int.random(in: 0..<stride.height, using: &rng), Int.random(in: 0..<stride.width, using: &rng))
            let configuration = ConvTranspose2dConfiguration(
                inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, dilation: dilation,
                padding: padding, outputPadding: outputPadding, groups: g)
            let input = [Int.random(in: 1...2, using: &rng), inChannels, Int.random(in: 1...9, using: &rng), Int.random(in: 1...11, using: &rng)]
            guard (try? configuration.outputSize(input: Size2D(input[2], input[3]))) != nil else { continue }
            let weight = try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng)
            let bias = Bool.random(using: &rng) ? try Tensor.uniform([outChannels], low: -1, high: 1, using: &rng) : nil
            let op = try ConvTransposeOp(configuration, weight: weight, bias: bias)
            algorithms.insert(try ConvTransposePlan(configuration: configuration, inputShape: Shape(input)).algorithm)
            let x = try Tensor.uniform(input, low: -1, high: 1, using: &rng)
            try Self.check(op, x, label: "seed \(seed) trial \(trial): \(configuration) on \(input)")
        }
        #expect(algorithms == [.gemmCol2im, .disjointBlocks])
    }

    /// The x2 upsampling head on a plane large enough to be cut into panels.
    @Test func upsamplingHeadInPanels() throws {
        var rng = SeededGenerator(seed: 4_002)
        let configuration = ConvTranspose2dConfiguration(inChannels: 8, outChannels: 4, kernel: 2, stride: 2)
        let op = try ConvTransposeOp(configuration, weight: try Tensor.uniform(configuration.weightDimensions, using: &rng),
                                     bias: try Tensor.uniform([4], using: &rng))
        let plan = try ConvTransposePlan(configuration: configuration, inputShape: [2, 8, 37, 29], workers: 2)
        #expect(plan.algorithm == .disjointBlocks && plan.panelRows < 37)
        try Self.check(op, try Tensor.uniform([2, 8, 37, 29], using: &rng), label: "upsampling head 37x29")
    }

    /// 1 input channel, 1 output channel, input [[1, 2], [3, 4]], kernel [[1, 1], [1, 1]],
    /// stride 1: every output sums the inputs whose 2x2 footprint covers it.
    @Test func handComputedOverlapAdd() throws {
        let configuration = ConvTranspose2dConfiguration(inChannels: 1, outChannels: 1, kernel: 2)
        let op = try ConvTransposeOp(configuration, weight: try Tensor(shape: [1, 1, 2, 2], values: [1, 1, 1, 1]),
                                     bias: try Tensor(shape: [1], values: [0.5]))
        let y = try GraphRunnerHarness.run(op, try Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4]), workers: 1)
        #expect(y.shape == [1, 1, 3, 3])
        #expect(y.scalars == [1, 3, 2, 4, 10, 6, 3, 7, 4].map { $0 + 0.5 })
        // Stride 2 with pads 1 + 0 and output padding 1: O = 2·1 + 2 + 1 − 1 = 4 per axis; the
        // impulse's 2x2 block starts at −1, so only its last tap lands at (0, 0).
        let strided = ConvTranspose2dConfiguration(inChannels: 1, outChannels: 1, kernel: 2, stride: 2,
                                                   padding: Padding2D(top: 1, left: 1, bottom: 0, right: 0), outputPadding: 1)
        let sop = try ConvTransposeOp(strided, weight: try Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4]), bias: nil)
        let z = try GraphRunnerHarness.run(sop, try Tensor(shape: [1, 1, 2, 2], values: [1, 0, 0, 0]), workers: 2)
        #expect(z.shape == [1, 1, 4, 4])
        #expect(z.scalars == [4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// col2im is im2col's adjoint: <im2col(x), c> == <x, col2im(c)> for any x and c.
    @Test func col2imIsTheAdjointOfIm2col() throws {
        var rng = SeededGenerator(seed: 4_003)
        for trial in 0..<40 {
            let g = try WindowGeometry(
                input: Size2D(Int.random(in: 3...9, using: &rng), Int.random(in: 3...9, using: &rng)),
                kernel: Size2D(Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng)),
                stride: Size2D(Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng)),
                dilation: Size2D(Int.random(in: 1...2, using: &rng), Int.random(in: 1...2, using: &rng)),
                padding: .symmetric(Int.random(in: 0...1, using: &rng)))
            let channels = Int.random(in: 1...3, using: &rng)
            let columns = g.output.height * g.output.width, rows = channels * g.kernel.height * g.kernel.width
            let x = randomFloats(channels * g.input.height * g.input.width, using: &rng)
            let c = randomFloats(rows * columns, using: &rng)
            let lowered = x.withUnsafeBufferPointer { xp in
                kernelOutput(count: rows * columns) { im2colPanel(input: xp.baseAddress!, channels: channels, geometry: g, columnStart: 0, width: columns, col: $0) }
            }
            var image = [Float](repeating: 0, count: x.count)
            c.withUnsafeBufferPointer { cp in image.withUnsafeMutableBufferPointer { col2im(col: cp.baseAddress!, channels: channels, geometry: g, image: $0.baseAddress!) } }
            let left = zip(lowered, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let right = zip(x, image).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            #expect(abs(left - right) <= 1e-4 * max(1, abs(left)), "trial \(trial) \(g): \(left) vs \(right)")
        }
    }

    @Test func errorsNameTheNumbers() throws {
        #expect(throws: StrataError.self) {   // output padding not below the stride
            try ConvTranspose2dConfiguration(inChannels: 1, outChannels: 1, kernel: 3, stride: 2, outputPadding: 2).validate()
        }
        #expect(throws: StrataError.self) {   // groups that do not divide the output channels
            try ConvTranspose2dConfiguration(inChannels: 4, outChannels: 3, kernel: 3, groups: 2).validate()
        }
        let tooPadded = ConvTranspose2dConfiguration(inChannels: 1, outChannels: 1, kernel: 1, padding: .all(2))
        #expect(throws: StrataError.self) { try tooPadded.outputSize(input: Size2D(2, 2)) }
        let op = try ConvTransposeOp(ConvTranspose2dConfiguration(inChannels: 2, outChannels: 2, kernel: 2),
                                     weight: try Tensor(shape: [2, 2, 2, 2]), bias: nil)
        #expect(throws: StrataError.self) { try op.outputShape(for: [[1, 3, 4, 4]]) }
        #expect(throws: StrataError.self) {
            try ConvTransposeOp(ConvTranspose2dConfiguration(inChannels: 2, outChannels: 2, kernel: 2), weight: try Tensor(shape: [2, 2, 3, 3]), bias: nil)
        }
    }

    /// An empty batch gives an empty output; the runners skip the node.
    @Test func emptyBatch() throws {
        let op = try ConvTransposeOp(ConvTranspose2dConfiguration(inChannels: 2, outChannels: 3, kernel: 2, stride: 2),
                                     weight: try Tensor(shape: [2, 3, 2, 2]), bias: nil)
        #expect(try op.outputShape(for: [[0, 2, 4, 5]]) == [0, 3, 8, 10])
    }
}
