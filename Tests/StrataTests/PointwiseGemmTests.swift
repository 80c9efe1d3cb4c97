@_spi(Diagnostics) import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// The pointwise (1x1) GEMMs, OpenBLAS and the fused AVX2 kernel where the CPU has it,
/// against the naive reference on seeded random shapes: partial tiles of 6 rows and of
/// 16 or 8 columns, several column chunks, the split of columns or rows over workers,
/// batches and groups, fused clamps and an activation the fused kernel leaves to OpenBLAS.
/// Tolerance: ``worstOutsideSumBound(actual:expected:magnitude:products:activation:)``.
@Suite struct PointwiseGemmTests {
    static let seed: UInt64 = 20_261_201
    static let randomCount = 150

    static func randomCase(_ rng: inout SeededGenerator) -> (ConvCase, Activation?, workers: Int) {
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        let groups = pick(1...4) == 1 ? 2 : 1
        let conv = ConvCase(
            batch: pick(1...2), inChannels: groups * pick(groups...70), height: pick(1...9), width: pick(1...20),
            outChannels: groups * pick(1...40), kernel: 1, groups: groups, hasBias: pick(0...3) != 0)
        let activations: [Activation?] = [nil, .relu, .relu6, .hardSwish]
        return (conv, activations[pick(0...3)], pick(1...2))
    }

    static func check(
        _ conv: ConvCase, _ activation: Activation?, workers: Int, kernel: PointwiseKernel, label: String,
        generator rng: inout SeededGenerator
    ) throws {
        let configuration = conv.configuration
        let input = try Tensor.uniform(conv.inputDimensions, low: -1, high: 1, using: &rng)
        let weight = try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let bias = conv.hasBias ? try Tensor.uniform([conv.outChannels], low: -1, high: 1, using: &rng) : nil
        let plan = try Conv2dPlan(configuration: configuration, inputShape: input.shape, activation: activation, workers: workers)
        #expect(plan.algorithm == .pointwiseGemm)
        let output = planOutput(plan, weight: weight, bias: bias) { w, b, y, scratch in
            plan.executePointwise(input: input.scalars, weights: w, bias: b, output: y, workspace: scratch, kernel: kernel)
        }
        let expected = try referenceOutput(of: ConvOp(configuration, weight: weight, bias: bias, activation: activation), inputs: [input])
        let magnitude = Reference.conv2d(input: input.scalars.map(abs), weights: weight.scalars.map(abs),
                                         bias: bias?.scalars.map(abs), conv.referenceParameters)
        let worst = worstOutsideSumBound(actual: output, expected: expected.scalars, magnitude: magnitude,
                                         products: conv.inChannels / conv.groups, activation: activation)
        #expect(worst == nil, "\(label) kernel \(kernel) [\(conv)] activation \(activation?.name ?? "none") workers \(workers): \(worst ?? "")")
    }

    @Test(arguments: PointwiseKernel.available)
    func randomShapesMatchReference(_ kernel: PointwiseKernel) throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<Self.randomCount {
            let (conv, activation, workers) = Self.randomCase(&rng)
            try Self.check(conv, activation, workers: workers, kernel: kernel, label: "seed \(Self.seed) case \(index)", generator: &rng)
        }
    }

    /// Named shapes: several column chunks (K = 2000 leaves 32 columns per chunk), columns
    /// split over two workers with a remainder, MobileNetV2's 7x7 and 14x14 widths.
    @Test(arguments: PointwiseKernel.available)
    func namedShapes(_ kernel: PointwiseKernel) throws {
        let shapes: [(String, ConvCase)] = [
            ("chunks of 32 columns", ConvCase(batch: 1, inChannels: 2000, height: 10, width: 10, outChannels: 7, kernel: 1)),
            ("column split with a remainder", ConvCase(batch: 2, inChannels: 20, height: 10, width: 13, outChannels: 13, kernel: 1)),
            ("7x7, 160 to 96", ConvCase(batch: 1, inChannels: 160, height: 7, width: 7, outChannels: 96, kernel: 1)),
            ("14x14, 64 to 40", ConvCase(batch: 1, inChannels: 64, height: 14, width: 14, outChannels: 40, kernel: 1, hasBias: false)),
        ]
        for (index, (name, conv)) in shapes.enumerated() {
            for workers in [1, 2] {
                var rng = SeededGenerator(seed: Self.seed &+ UInt64(index))
                try Self.check(conv, .relu6, workers: workers, kernel: kernel, label: name, generator: &rng)
            }
        }
    }
}
