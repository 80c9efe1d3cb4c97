import Strata
import Testing

/// The fast convolution against the naive reference on hundreds of seeded random
/// configurations, plus the awkward corners a real network meets.
@Suite struct Conv2dRandomizedTests {
    static let seed: UInt64 = 20_261_128
    static let caseCount = 360
    static let tolerance = 1e-5

    /// A random configuration that has a non-empty output. Sizes stay small so the
    /// reference runs quickly in debug builds; each parameter is drawn over its edge cases.
    static func randomCase(_ rng: inout SeededGenerator) -> ConvCase {
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        while true {
            let kind = pick(0...9)
            var groups = 1
            var inChannels = pick(1...13)
            var outChannels = pick(1...17)
            var kernel = Size2D(pick(1...5), pick(1...5))
            var stride = Size2D(pick(1...3), pick(1...3))
            var padding = Padding2D(top: pick(0...3), left: pick(0...3), bottom: pick(0...3), right: pick(0...3))
            switch kind {
            case 0, 1:  // depthwise, sometimes with a channel multiplier
                inChannels = pick(2...12)
                groups = inChannels
                outChannels = inChannels * pick(1...2)
            case 2:  // grouped
                groups = pick(2...3)
                inChannels = groups * pick(1...5)
                outChannels = groups * pick(1...5)
            case 3:  // pointwise fast path
                kernel = 1; stride = 1; padding = .zero
            case 4:  // asymmetric 1x7 / 7x1
                kernel = Bool.random(using: &rng) ? Size2D(1, 7) : Size2D(7, 1)
            default: break
            }
            let testCase = ConvCase(
                batch: [1, 1, 2, 3][pick(0...3)], inChannels: inChannels, height: pick(1...12), width: pick(1...12),
                outChannels: outChannels, kernel: kernel, stride: stride,
                dilation: Size2D(pick(1...2), pick(1...2)), padding: padding, groups: groups,
                hasBias: pick(0...3) != 0)
            if testCase.referenceParameters.outHeight >= 1 && testCase.referenceParameters.outWidth >= 1 {
                return testCase
            }
        }
    }

    @Test func randomConfigurationsMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        var algorithmsSeen = Set<ConvAlgorithm>()
        for index in 0..<Self.caseCount {
            let testCase = Self.randomCase(&rng)
            let workers = index % 3 + 1
            let result = try runAgainstReference(testCase, workers: workers, generator: &rng)
            algorithmsSeen.insert(result.plan.algorithm)
            #expect(
                result.comparison.relativeError <= Self.tolerance,
                "seed \(Self.seed) case \(index) [\(testCase)] workers \(workers) algorithm \(result.plan.algorithm): \(result.comparison)")
        }
        // The cost model leaves these small channel counts to the GEMM and direct paths; the
        // Winograd variants have their own suite (WinogradRandomizedTests).
        #expect(algorithmsSeen == [.im2colGemm, .pointwiseGemm, .depthwiseDirect], "seed \(Self.seed): algorithms covered \(algorithmsSeen)")
    }

    /// Named corner cases, each run with 1 and 2 workers.
    static let corners: [(String, ConvCase)] = [
        ("kernel larger than the unpadded input", ConvCase(batch: 1, inChannels: 3, height: 2, width: 3, outChannels: 5, kernel: 5, padding: .all(2))),
        ("stride larger than the kernel", ConvCase(batch: 2, inChannels: 4, height: 11, width: 9, outChannels: 6, kernel: 2, stride: 3)),
        ("1x1 output", ConvCase(batch: 1, inChannels: 7, height: 5, width: 5, outChannels: 9, kernel: 5)),
        ("channels not multiples of 8", ConvCase(batch: 1, inChannels: 13, height: 9, width: 10, outChannels: 21, kernel: 3, padding: .all(1))),
        ("batch 3", ConvCase(batch: 3, inChannels: 5, height: 8, width: 7, outChannels: 6, kernel: 3, stride: 2, padding: .all(1))),
        ("1x7 kernel", ConvCase(batch: 1, inChannels: 6, height: 9, width: 12, outChannels: 10, kernel: Size2D(1, 7), padding: Padding2D(top: 0, left: 3, bottom: 0, right: 3))),
        ("7x1 kernel", ConvCase(batch: 2, inChannels: 6, height: 12, width: 5, outChannels: 4, kernel: Size2D(7, 1), padding: Padding2D(top: 3, left: 0, bottom: 3, right: 0))),
        ("asymmetric padding", ConvCase(batch: 1, inChannels: 3, height: 7, width: 8, outChannels: 4, kernel: 3, stride: 2, padding: Padding2D(top: 0, left: 1, bottom: 2, right: 0))),
        ("dilation 2 with stride 2", ConvCase(batch: 1, inChannels: 4, height: 13, width: 11, outChannels: 8, kernel: 3, stride: 2, dilation: 2, padding: .all(2))),
        ("depthwise 3x3 stride 2", ConvCase(batch: 2, inChannels: 12, height: 10, width: 9, outChannels: 12, kernel: 3, stride: 2, padding: .all(1), groups: 12)),
        ("depthwise wide rows, stride 2 (SIMD interior)", ConvCase(batch: 2, inChannels: 6, height: 19, width: 41, outChannels: 6, kernel: 3, stride: 2, padding: .all(1), groups: 6)),
        ("depthwise wide rows, dilation 2, asymmetric padding", ConvCase(batch: 1, inChannels: 5, height: 13, width: 38, outChannels: 10, kernel: Size2D(3, 5), dilation: 2, padding: Padding2D(top: 2, left: 3, bottom: 1, right: 4), groups: 5)),
        ("depthwise multiplier 2, no bias", ConvCase(batch: 1, inChannels: 5, height: 6, width: 6, outChannels: 10, kernel: 3, padding: .all(1), groups: 5, hasBias: false)),
        ("pointwise 1x1", ConvCase(batch: 3, inChannels: 19, height: 7, width: 5, outChannels: 23, kernel: 1)),
        ("1x1 stride 2 (ResNet shortcut)", ConvCase(batch: 1, inChannels: 16, height: 14, width: 14, outChannels: 32, kernel: 1, stride: 2)),
        ("wide plane split into panels", ConvCase(batch: 2, inChannels: 8, height: 40, width: 37, outChannels: 16, kernel: 3, padding: .all(1))),
        ("ResNet stem 7x7 s2 at 36x36", ConvCase(batch: 1, inChannels: 3, height: 36, width: 36, outChannels: 16, kernel: 7, stride: 2, padding: .all(3))),
    ]

    @Test(arguments: corners.indices)
    func cornerCaseMatchesReference(_ index: Int) throws {
        let (name, testCase) = Self.corners[index]
        for workers in [1, 2] {
            var rng = SeededGenerator(seed: Self.seed &+ UInt64(index))
            let result = try runAgainstReference(testCase, workers: workers, generator: &rng)
            #expect(result.comparison.relativeError <= Self.tolerance,
                    "\(name) [\(testCase)] workers \(workers) seed \(Self.seed &+ UInt64(index)): \(result.comparison)")
        }
    }
}
