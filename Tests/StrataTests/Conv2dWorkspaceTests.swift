import Strata
import StrataDiagnostics
import Testing

/// A steady-state ``Conv2d/forward(_:into:)`` reuses its plan, its workspace and the
/// output buffer; a new input shape re-plans.
@Suite struct Conv2dWorkspaceTests {
    static let cases: [(String, ConvCase, ConvAlgorithm)] = [
        ("im2col 3x3", ConvCase(batch: 1, inChannels: 3, height: 16, width: 16, outChannels: 8, kernel: 3, padding: .all(1)),
         .im2colGemm),
        ("pointwise 1x1", ConvCase(batch: 2, inChannels: 8, height: 10, width: 10, outChannels: 16, kernel: 1), .pointwiseGemm),
        ("depthwise 3x3 s2", ConvCase(batch: 2, inChannels: 6, height: 11, width: 11, outChannels: 6, kernel: 3, stride: 2,
                                      padding: .all(1), groups: 6), .depthwiseDirect),
        ("Winograd F(2x2)", ConvCase(batch: 2, inChannels: 8, height: 13, width: 11, outChannels: 8, kernel: 3, padding: .all(1)),
         .winograd2x2),
        ("Winograd F(4x4)", ConvCase(batch: 1, inChannels: 8, height: 17, width: 15, outChannels: 8, kernel: 3, padding: .all(1)),
         .winograd4x4),
    ]

    static func address(_ tensor: Tensor) -> UnsafePointer<Float>? {
        tensor.withUnsafeBufferPointer { $0.baseAddress }
    }

    /// The reference result for `input` through `conv` (the reference table's convolution).
    static func reference(_ conv: Conv2d, _ testCase: ConvCase, _ input: Tensor) throws -> Tensor {
        try referenceOutput(of: ConvOp(conv.configuration, weight: conv.weight, bias: conv.bias), inputs: [input])
    }

    /// The layer of `testCase`, planned with `algorithm` (where the cost model would choose
    /// another one: the Winograd cases' channel counts are small).
    static func layer(_ testCase: ConvCase, _ algorithm: ConvAlgorithm, _ rng: inout SeededGenerator) throws -> Conv2d {
        let configuration = testCase.configuration
        // Non-zero bias so the bias path is exercised too.
        let bias = try Tensor.uniform([configuration.outChannels], low: -1, high: 1, using: &rng)
        let weight = try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let conv = try Conv2d(configuration, weight: weight, bias: bias)
        conv.algorithm = algorithm
        return conv
    }

    @Test(arguments: cases.indices)
    func steadyStateForwardDoesNotAllocate(_ index: Int) throws {
        let (name, testCase, algorithm) = Self.cases[index]
        var rng = SeededGenerator(seed: 77 &+ UInt64(index))
        let conv = try Self.layer(testCase, algorithm, &rng)
        let input = try Tensor.uniform(testCase.inputDimensions, low: -1, high: 1, using: &rng)
        let plan = try conv.plan(for: input.shape)
        #expect(plan.algorithm == algorithm, "\(name)")
        #expect(conv.workspace.allocationCount == 0, "\(name): nothing allocated before the first call")

        var output = try Tensor(shape: [1], repeating: 0)
        try conv.forward(input, into: &output)
        let expected = try Self.reference(conv, testCase, input)
        let firstComparison = try output.compared(with: expected)
        #expect(firstComparison.relativeError <= 1e-5, "\(name): \(firstComparison)")

        let allocations = conv.workspace.allocationCount
        #expect(allocations == (plan.workspaceCount > 0 ? 1 : 0), "\(name): workspace \(plan.workspaceCount) floats")
        #expect(conv.workspace.capacity >= plan.workspaceCount)
        let firstAddress = Self.address(output)
        let firstValues = output.scalars
        for call in 2...6 {
            try conv.forward(input, into: &output)
            #expect(conv.workspace.allocationCount == allocations, "\(name) call \(call)")
            #expect(Self.address(output) == firstAddress, "\(name) call \(call): output buffer replaced")
            #expect(output.scalars == firstValues, "\(name) call \(call)")
        }
    }

    @Test(arguments: cases.indices)
    func sharedOutputIsNotOverwritten(_ index: Int) throws {
        let (name, testCase, algorithm) = Self.cases[index]
        var rng = SeededGenerator(seed: 99 &+ UInt64(index))
        let conv = try Self.layer(testCase, algorithm, &rng)
        let first = try Tensor.uniform(testCase.inputDimensions, low: -1, high: 1, using: &rng)
        let second = try Tensor.uniform(testCase.inputDimensions, low: -1, high: 1, using: &rng)
        var output = try conv(first)
        let snapshot = output           // shares the buffer until output is written
        let snapshotValues = snapshot.scalars
        try conv.forward(second, into: &output)
        #expect(!output.sharesStorage(with: snapshot), "\(name)")
        #expect(snapshot.scalars == snapshotValues, "\(name): the copy kept before the call changed")
        let comparison = try output.compared(with: try Self.reference(conv, testCase, second))
        #expect(comparison.relativeError <= 1e-5, "\(name): \(comparison)")
    }

    @Test(arguments: cases.indices)
    func newInputShapeReplans(_ index: Int) throws {
        let (name, testCase, algorithm) = Self.cases[index]
        var rng = SeededGenerator(seed: 55 &+ UInt64(index))
        let conv = try Self.layer(testCase, algorithm, &rng)
        let small = try Tensor.uniform(testCase.inputDimensions, low: -1, high: 1, using: &rng)
        var other = testCase
        (other.batch, other.height, other.width) = (testCase.batch + 1, testCase.height - 3, testCase.width + 5)
        let large = try Tensor.uniform(other.inputDimensions, low: -1, high: 1, using: &rng)

        var output = try Tensor(shape: [1], repeating: 0)
        for input in [small, large, small] {
            try conv.forward(input, into: &output)
            let plan = try conv.plan(for: input.shape)
            #expect(plan.inputShape == input.shape, "\(name)")
            let expected = try Self.reference(conv, testCase, input)
            #expect(output.shape == expected.shape, "\(name): input \(input.shape)")
            #expect(output.shape == plan.outputShape)
            let comparison = try output.compared(with: expected)
            #expect(comparison.relativeError <= 1e-5, "\(name) input \(input.shape): \(comparison)")
            #expect(conv.workspace.capacity >= plan.workspaceCount)
        }
        // [1, 8, 16, 16] then [2, 8, 13, 21] for the im2col case: the second shape is different.
        #expect(try conv.plan(for: large.shape).outputShape != conv.plan(for: small.shape).outputShape)
    }
}
