import Strata
import Testing

/// Both Winograd variants against the naive reference (Double accumulation) on seeded
/// random 3x3 stride-1 convolutions: padding 0-2 per side (asymmetric too), odd sizes and
/// partial edge tiles, batch 1-3, with and without bias, with and without a fused ReLU,
/// 1-3 workers. Every case runs both variants on the same data.
///
/// Tolerances (relative Frobenius error) are about 10x the worst error measured on these
/// cases (seed below): F(2x2) 1.8e-7, F(4x4) 1.3e-6, im2col 2.3e-7 on the same data.
/// F(4x4)'s transforms scale entries by up to 5 (Bᵀ) and 8 (Aᵀ), hence its larger
/// rounding error; on the ResNet-18/VGG-16 layers (64-512 channels) it measured up to
/// 3.2e-6 and F(2x2) 4.8e-7 (Docs/PERFORMANCE.md, "Winograd").
@Suite struct WinogradRandomizedTests {
    static let seed: UInt64 = 20_250_610
    static let caseCount = 120
    static let tolerances: [ConvAlgorithm: Double] = [.winograd2x2: 2e-6, .winograd4x4: 1e-5]

    static func randomCase(_ rng: inout SeededGenerator) -> ConvCase {
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        while true {
            let testCase = ConvCase(
                batch: [1, 1, 2, 3][pick(0...3)], inChannels: pick(1...20), height: pick(1...19), width: pick(1...23),
                outChannels: pick(1...20), kernel: 3,
                padding: Padding2D(top: pick(0...2), left: pick(0...2), bottom: pick(0...2), right: pick(0...2)),
                hasBias: pick(0...3) != 0)
            if testCase.referenceParameters.outHeight >= 1 && testCase.referenceParameters.outWidth >= 1 {
                return testCase
            }
        }
    }

    @Test(arguments: [ConvAlgorithm.winograd2x2, .winograd4x4])
    func randomConfigurationsMatchReference(_ algorithm: ConvAlgorithm) throws {
        var rng = SeededGenerator(seed: Self.seed)
        let tolerance = try #require(Self.tolerances[algorithm])
        for index in 0..<Self.caseCount {
            let testCase = Self.randomCase(&rng)
            let workers = index % 3 + 1
            let activation: Activation? = index % 4 == 1 ? .relu : nil
            var data = SeededGenerator(seed: Self.seed &+ UInt64(index))
            let result = try runAgainstReference(testCase, workers: workers, algorithm: algorithm, activation: activation,
                                                 generator: &data)
            #expect(result.plan.algorithm == algorithm)
            #expect(result.comparison.relativeError <= tolerance,
                    "seed \(Self.seed) case \(index) [\(testCase)] \(activation.map { "+\($0.name)" } ?? "") workers \(workers) \(algorithm): \(result.comparison)")
        }
    }

    /// Named corners, each with both variants and 1 and 2 workers.
    static let corners: [(String, ConvCase)] = [
        ("1x1 input, padding 1: one partial tile", ConvCase(batch: 1, inChannels: 3, height: 1, width: 1, outChannels: 2, kernel: 3, padding: .all(1))),
        ("3x3 input, no padding: one output pixel", ConvCase(batch: 2, inChannels: 4, height: 3, width: 3, outChannels: 5, kernel: 3)),
        ("wide row: vectors of 8 tiles and a remainder", ConvCase(batch: 1, inChannels: 5, height: 6, width: 83, outChannels: 7, kernel: 3, padding: .all(1))),
        ("tall and narrow", ConvCase(batch: 1, inChannels: 2, height: 41, width: 4, outChannels: 3, kernel: 3, padding: Padding2D(top: 2, left: 0, bottom: 1, right: 2))),
        ("padding wider than a tile on one side", ConvCase(batch: 1, inChannels: 3, height: 5, width: 7, outChannels: 4, kernel: 3, padding: Padding2D(top: 0, left: 2, bottom: 2, right: 0), hasBias: false)),
        ("batch 2, many tiles per image", ConvCase(batch: 2, inChannels: 16, height: 30, width: 29, outChannels: 24, kernel: 3, padding: .all(1))),
    ]

    @Test(arguments: corners.indices)
    func cornerCaseMatchesReference(_ index: Int) throws {
        let (name, testCase) = Self.corners[index]
        for algorithm in [ConvAlgorithm.winograd2x2, .winograd4x4] {
            for workers in [1, 2] {
                var rng = SeededGenerator(seed: Self.seed &+ 1000 &+ UInt64(index))
                let result = try runAgainstReference(testCase, workers: workers, algorithm: algorithm, generator: &rng)
                #expect(result.plan.algorithm == algorithm)
                #expect(result.comparison.relativeError <= Self.tolerances[algorithm]!,
                        "\(name) [\(testCase)] \(algorithm) workers \(workers) seed \(Self.seed &+ 1000 &+ UInt64(index)): \(result.comparison)")
            }
        }
    }

    /// An empty batch plans and runs (nothing to write), as on the other paths.
    @Test func emptyBatch() throws {
        let testCase = ConvCase(batch: 0, inChannels: 4, height: 9, width: 9, outChannels: 6, kernel: 3, padding: .all(1))
        for algorithm in [ConvAlgorithm.winograd2x2, .winograd4x4] {
            var rng = SeededGenerator(seed: Self.seed)
            let result = try runAgainstReference(testCase, workers: 2, algorithm: algorithm, generator: &rng)
            #expect(result.plan.algorithm == algorithm && result.plan.outputShape == [0, 6, 9, 9])
        }
    }

    /// A preference outside the Winograd precondition (stride 2, dilation 2, groups 2, a 5x5
    /// kernel) falls back to the cost model's algorithm.
    @Test func preferenceOutsideThePreconditionFallsBack() throws {
        let cases = [
            ConvCase(batch: 1, inChannels: 4, height: 9, width: 9, outChannels: 4, kernel: 3, stride: 2),
            ConvCase(batch: 1, inChannels: 4, height: 9, width: 9, outChannels: 4, kernel: 3, dilation: 2),
            ConvCase(batch: 1, inChannels: 4, height: 9, width: 9, outChannels: 4, kernel: 3, groups: 2),
            ConvCase(batch: 1, inChannels: 4, height: 9, width: 9, outChannels: 4, kernel: 5),
        ]
        for testCase in cases {
            let plan = try Conv2dPlan(configuration: testCase.configuration, inputShape: try Shape(testCase.inputDimensions),
                                      workers: 1, algorithm: .winograd4x4)
            #expect(plan.algorithm == .im2colGemm, "\(testCase)")
        }
    }
}
