import Strata
import StrataReference
import Testing

/// The convolution's training forward and backward pass against the reference
/// convolution: the forward output directly, the gradients against central finite
/// differences of a Double loss `L = Σ r ⊙ conv(x, W, b)` (r random) evaluated on
/// `Reference.conv2d` in Double.
@Suite struct ConvTrainingTests {
    static let seed: UInt64 = 20_261_130
    /// The analytic gradients come from float32 GEMMs (and a float32 forward's column
    /// matrix) summing at most a few hundred products, good to about 1e-5 of the largest
    /// gradient; the Double differences are exact to about 1e-9 (the loss is linear in each
    /// element). 1e-3 of the largest magnitude leaves room for float32 rounding, while a
    /// missing, doubled or misplaced tap (one product of up to a few hundred of similar
    /// size) is 1e-2 or more of it.
    static let gradientTolerance = 1e-3
    /// Forward output against the reference: float32 sums of at most 5·3·3 products.
    static let forwardTolerance = 1e-5
    static let caseCount = 14

    /// A random case: batch 1-3, channels 1-5, groups 1, 2 or depthwise, kernel 1-3 on each
    /// axis, stride and dilation 1-2, padding 0-2 per side, with a non-empty output.
    static func randomCase(_ rng: inout SeededGenerator) -> ConvCase {
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        while true {
            var groups = 1
            var inChannels = pick(1...5)
            var outChannels = pick(1...5)
            switch pick(0...2) {
            case 1:
                groups = 2
                inChannels = 2 * pick(1...2)
                outChannels = 2 * pick(1...2)
            case 2:
                inChannels = pick(2...4)
                groups = inChannels
                outChannels = inChannels * pick(1...2)
            default: break
            }
            let testCase = ConvCase(
                batch: pick(1...3), inChannels: inChannels, height: pick(2...6), width: pick(2...6),
                outChannels: outChannels, kernel: Size2D(pick(1...3), pick(1...3)), stride: Size2D(pick(1...2), pick(1...2)),
                dilation: Size2D(pick(1...2), pick(1...2)),
                padding: Padding2D(top: pick(0...2), left: pick(0...2), bottom: pick(0...2), right: pick(0...2)),
                groups: groups, hasBias: pick(0...3) != 0)
            if testCase.referenceParameters.outHeight >= 1 && testCase.referenceParameters.outWidth >= 1 {
                return testCase
            }
        }
    }

    /// Hand-picked corners: the direct 1x1 path (single and grouped), a depthwise 3x3
    /// with a multiplier and asymmetric padding, a strided dilated non-square kernel.
    static let fixedCases = [
        ConvCase(batch: 2, inChannels: 3, height: 4, width: 5, outChannels: 4, kernel: 1),
        ConvCase(batch: 3, inChannels: 4, height: 3, width: 3, outChannels: 2, kernel: 1, groups: 2, hasBias: false),
        ConvCase(batch: 2, inChannels: 3, height: 5, width: 4, outChannels: 6, kernel: 3,
                 padding: Padding2D(top: 1, left: 0, bottom: 2, right: 1), groups: 3),
        ConvCase(batch: 2, inChannels: 2, height: 7, width: 6, outChannels: 3, kernel: Size2D(3, 2), stride: Size2D(2, 1),
                 dilation: Size2D(1, 2), padding: Padding2D(top: 0, left: 2, bottom: 1, right: 0)),
    ]

    @Test func gradientsMatchFiniteDifferences() throws {
        var rng = SeededGenerator(seed: Self.seed)
        var cases = Self.fixedCases
        for _ in 0..<Self.caseCount { cases.append(Self.randomCase(&rng)) }
        for (index, testCase) in cases.enumerated() {
            let workers = index % 2 + 1
            try checkGradients(testCase, workers: workers, label: "seed \(Self.seed) case \(index) [\(testCase)] workers \(workers)",
                               generator: &rng)
        }
    }

    private func checkGradients(_ testCase: ConvCase, workers: Int, label: String, generator rng: inout SeededGenerator) throws {
        let p = testCase.referenceParameters
        let x = try Tensor.uniform(testCase.inputDimensions, low: -1, high: 1, using: &rng)
        let w = try Tensor.uniform(testCase.configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let b = testCase.hasBias ? try Tensor.uniform([testCase.outChannels], low: -1, high: 1, using: &rng) : nil
        let op = try ConvOp(testCase.configuration, weight: w, bias: b)
        let outputCount = p.batch * p.outChannels * p.outHeight * p.outWidth
        let r = try Tensor.uniform([outputCount], low: -1, high: 1, using: &rng).scalars
        let fill: Float = 0.25
        let run = try runTraining(op, input: x, outputGradient: { _ in r }, inputGradientFill: fill, workers: workers)

        let (xd, wd, bd) = (x.scalars.map(Double.init), w.scalars.map(Double.init), b?.scalars.map(Double.init))
        let rd = r.map(Double.init)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]?) -> Double {
            zip(Reference.conv2d(input: x, weights: w, bias: b, p), rd).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let expectedOutput = Reference.conv2d(input: xd, weights: wd, bias: bd, p)
        #expect(relativeGradientError(run.output, expectedOutput) <= Self.forwardTolerance, "forward, \(label)")

        // Input gradients accumulate: the buffer started at `fill` everywhere.
        let dx = finiteDifferences(xd) { loss($0, wd, bd) }.map { $0 + Double(fill) }
        #expect(relativeGradientError(run.inputGradient, dx) <= Self.gradientTolerance, "dX, \(label)")
        let dw = finiteDifferences(wd) { loss(xd, $0, bd) }
        #expect(relativeGradientError(run.parameterGradients[0], dw) <= Self.gradientTolerance, "dW, \(label)")
        if let bd {
            let db = finiteDifferences(bd) { loss(xd, wd, $0) }
            #expect(relativeGradientError(run.parameterGradients[1], db) <= Self.gradientTolerance, "db, \(label)")
        } else {
            #expect(run.parameterGradients.count == 1, "no bias gradient without a bias, \(label)")
        }
    }

    /// The forward pass of a plain 3x3 same convolution on a larger plane (several SIMD
    /// rows, the panel path of inference is not involved) against the reference.
    @Test func forwardMatchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        let testCase = ConvCase(batch: 3, inChannels: 4, height: 13, width: 11, outChannels: 5, kernel: 3,
                                stride: 1, padding: .all(1))
        let x = try Tensor.uniform(testCase.inputDimensions, low: -1, high: 1, using: &rng)
        let w = try Tensor.uniform(testCase.configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let b = try Tensor.uniform([5], low: -1, high: 1, using: &rng)
        let expected = Reference.conv2d(input: x.scalars, weights: w.scalars, bias: b.scalars, testCase.referenceParameters)
        for workers in 1...2 {
            let run = try runTraining(try ConvOp(testCase.configuration, weight: w, bias: b), input: x,
                                      outputGradient: { [Float](repeating: 0, count: $0.elementCount) },
                                      inputGradientFill: 0, workers: workers)
            #expect(relativeGradientError(run.output, expected.map(Double.init)) <= Self.forwardTolerance,
                    "seed \(Self.seed + 1) workers \(workers)")
        }
    }

    /// The weight gradient of several workers is their partial sums added in a fixed
    /// order: two runs with the same thread count give the same bits (and agree with one
    /// worker to float32 rounding).
    @Test func gradientsRepeatForAThreadCount() throws {
        var rng = SeededGenerator(seed: Self.seed + 2)
        let testCase = ConvCase(batch: 5, inChannels: 3, height: 9, width: 8, outChannels: 4, kernel: 3, padding: .all(1))
        let x = try Tensor.uniform(testCase.inputDimensions, low: -1, high: 1, using: &rng)
        let w = try Tensor.uniform(testCase.configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let b = try Tensor.uniform([4], low: -1, high: 1, using: &rng)
        let r = try Tensor.uniform([5 * 4 * 9 * 8], low: -1, high: 1, using: &rng).scalars
        let op = try ConvOp(testCase.configuration, weight: w, bias: b)
        func run(_ workers: Int) throws -> TrainingRun {
            try runTraining(op, input: x, outputGradient: { _ in r }, inputGradientFill: 0, workers: workers)
        }
        let (first, second, single) = (try run(2), try run(2), try run(1))
        for i in 0..<2 {
            #expect(first.parameterGradients[i].map(\.bitPattern) == second.parameterGradients[i].map(\.bitPattern),
                    "seed \(Self.seed + 2) parameter \(i)")
            #expect(relativeGradientError(first.parameterGradients[i], single.parameterGradients[i].map(Double.init)) <= 1e-5,
                    "seed \(Self.seed + 2) parameter \(i): 2 workers against 1")
        }
        #expect(first.inputGradient.map(\.bitPattern) == second.inputGradient.map(\.bitPattern), "seed \(Self.seed + 2) dX")
    }

    /// A fused activation has no backward pass: planning says so instead of training wrongly.
    @Test func fusedActivationThrows() throws {
        let configuration = Conv2dConfiguration(inChannels: 1, outChannels: 2, kernel: 3)
        let op = try ConvOp(configuration, weight: Tensor(shape: [2, 1, 3, 3]), bias: nil, activation: .relu)
        expectStrataError(.invalidArgument, mentioning: ["fused", "unfused"]) {
            _ = try op.trainingPlan(inputs: [[1, 1, 5, 5]], output: [1, 2, 3, 3], workers: 1)
        }
    }
}
