@_spi(Diagnostics) import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// The direct depthwise kernels (every one this CPU runs: Swift SIMD, and AVX2/FMA where
/// the CPU has it) against the naive reference, on seeded random shapes chosen to reach
/// every path: 8-lane, 4-lane and one-at-a-time rows, the overlapping last block, the
/// unrolled 3x3/5x5 shapes at stride 1 and 2 and the general loop, the padded copy and
/// the in-place read, fused clamps and the banded activation.
///
/// Tolerance, per element: ``worstOutsideSumBound(actual:expected:magnitude:products:activation:)``,
/// the rounding bound of a float sum of KH·KW products and a bias.
@Suite struct DepthwiseConvTests {
    static let seed: UInt64 = 20_261_130
    static let randomCount = 300

    /// One depthwise case: the convolution, its fused activation, the workers.
    struct Case: CustomStringConvertible {
        var conv: ConvCase
        var activation: Activation?
        var workers = 1

        var description: String { "\(conv) activation \(activation?.name ?? "none") workers \(workers)" }
    }

    static func randomCase(_ rng: inout SeededGenerator) -> Case {
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        while true {
            let channels = pick(2...5)
            let kernels: [Size2D] = [3, 3, 5, 5, 7, Size2D(1, 3), Size2D(3, 1), 1]
            let kernel = kernels[pick(0...kernels.count - 1)]
            let strides: [Size2D] = [1, 1, 2, 2, Size2D(1, 2), Size2D(2, 1), 3]
            let activations: [Activation?] = [nil, .relu, .relu6, .hardSwish]
            let padding = pick(0...4) == 0
                ? Padding2D.zero
                : Padding2D(top: pick(0...3), left: pick(0...3), bottom: pick(0...3), right: pick(0...3))
            let conv = ConvCase(
                batch: pick(1...2), inChannels: channels, height: pick(1...12), width: pick(1...37),
                outChannels: channels * pick(1...2), kernel: kernel, stride: strides[pick(0...strides.count - 1)],
                dilation: pick(0...3) == 0 ? Size2D(pick(1...2), 2) : 1, padding: padding, groups: channels,
                hasBias: pick(0...3) != 0)
            if conv.referenceParameters.outHeight >= 1 && conv.referenceParameters.outWidth >= 1 {
                return Case(conv: conv, activation: activations[pick(0...activations.count - 1)], workers: pick(1...2))
            }
        }
    }

    /// Runs `testCase` with `kernel` on seeded random data and checks every element.
    static func check(_ testCase: Case, kernel: DepthwiseKernel, label: String, generator rng: inout SeededGenerator) throws {
        let conv = testCase.conv
        let configuration = conv.configuration
        let input = try Tensor.uniform(conv.inputDimensions, low: -1, high: 1, using: &rng)
        let weight = try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let bias = conv.hasBias ? try Tensor.uniform([conv.outChannels], low: -1, high: 1, using: &rng) : nil
        let actual = try runDepthwise(testCase, kernel: kernel, input: input.scalars, weight: weight, bias: bias)
        let expected = try referenceOutput(of: ConvOp(configuration, weight: weight, bias: bias, activation: testCase.activation),
                                           inputs: [input])
        let magnitude = Reference.conv2d(input: input.scalars.map(abs), weights: weight.scalars.map(abs),
                                         bias: bias?.scalars.map(abs), conv.referenceParameters)
        let worst = worstOutsideSumBound(actual: actual, expected: expected.scalars, magnitude: magnitude,
                                         products: conv.kernel.height * conv.kernel.width, activation: testCase.activation)
        #expect(worst == nil, "\(label) kernel \(kernel) [\(testCase)]: \(worst ?? "")")
    }

    /// The plan's output for `testCase` run with `kernel` (``planOutput(_:weight:bias:_:)``).
    static func runDepthwise(
        _ testCase: Case, kernel: DepthwiseKernel, input: UnsafePointer<Float>, weight: Tensor, bias: Tensor?
    ) throws -> [Float] {
        let plan = try Conv2dPlan(configuration: testCase.conv.configuration, inputShape: Shape(testCase.conv.inputDimensions),
                                  activation: testCase.activation, workers: testCase.workers)
        #expect(plan.algorithm == .depthwiseDirect)
        return planOutput(plan, weight: weight, bias: bias) { w, b, y, scratch in
            plan.executeDepthwise(input: input, weights: w, bias: b, output: y, workspace: scratch, kernel: kernel)
        }
    }

    @Test(arguments: DepthwiseKernel.available)
    func randomShapesMatchReference(_ kernel: DepthwiseKernel) throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<Self.randomCount {
            let testCase = Self.randomCase(&rng)
            try Self.check(testCase, kernel: kernel, label: "seed \(Self.seed) case \(index)", generator: &rng)
        }
    }

    /// Every row width from 1 to 37 (one-at-a-time, 4-lane and 8-lane rows, each possible
    /// overlap of the last block) for MobileNet's shapes, 3x3 and 5x5 at stride 1 and 2.
    @Test(arguments: DepthwiseKernel.available)
    func everyRowWidth(_ kernel: DepthwiseKernel) throws {
        var rng = SeededGenerator(seed: Self.seed &+ 1)
        for width in 1...37 {
            for (size, stride) in [(3, 1), (3, 2), (5, 1), (5, 2)] {
                let conv = ConvCase(batch: 2, inChannels: 3, height: 9, width: width, outChannels: 3, kernel: Size2D(size, size),
                                    stride: Size2D(stride, stride), padding: .all(size / 2), groups: 3)
                try Self.check(Case(conv: conv, activation: .relu6, workers: 2), kernel: kernel,
                               label: "seed \(Self.seed &+ 1) width \(width)", generator: &rng)
            }
        }
    }
}
