import Strata
import Testing

/// Tiny convolutions through the ``Conv2d`` layer whose results are worked out by hand.
/// All numbers are small integers or halves, so every summation order gives them exactly.
@Suite struct Conv2dHandComputedTests {
    /// The 3x3 plane 1 2 3 / 4 5 6 / 7 8 9 as a [1, 1, 3, 3] input.
    static func oneToNine() throws -> Tensor {
        try Tensor(shape: [1, 1, 3, 3], values: (1...9).map(Float.init))
    }

    /// Runs `input` through a layer with the given weights and checks shape, values and algorithm.
    static func check(
        _ configuration: Conv2dConfiguration, input: Tensor, weight: [Float], bias: [Float]? = nil,
        expectedShape: [Int], expected: [Float], algorithm: ConvAlgorithm,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let conv = try Conv2d(
            configuration, weight: try Tensor(shape: configuration.weightDimensions, values: weight),
            bias: try bias.map { try Tensor(shape: [$0.count], values: $0) })
        let output = try conv(input)
        #expect(output.shape.dimensions == expectedShape, sourceLocation: sourceLocation)
        #expect(output.scalars == expected, sourceLocation: sourceLocation)
        #expect(try conv.plan(for: input.shape).algorithm == algorithm, sourceLocation: sourceLocation)
    }

    @Test func allOnesKernelValid() throws {
        // Each output sums a 2x2 window: 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28.
        try Self.check(
            Conv2dConfiguration(inChannels: 1, outChannels: 1, kernel: 2), input: try Self.oneToNine(),
            weight: [1, 1, 1, 1], expectedShape: [1, 1, 2, 2], expected: [12, 16, 24, 28], algorithm: .im2colGemm)
    }

    @Test func allOnesKernelPaddedStrided() throws {
        // Padded to 5x5, (5 − 2)/2 + 1 = 2 outputs per axis; windows cover input rows/cols
        // {-1, 0} and {1, 2} (−1 is padding):
        // [0,0] = 1; [0,1] = 2+3 = 5; [1,0] = 4+7 = 11; [1,1] = 5+6+8+9 = 28.
        try Self.check(
            Conv2dConfiguration(inChannels: 1, outChannels: 1, kernel: 2, stride: 2, padding: .symmetric(1)),
            input: try Self.oneToNine(), weight: [1, 1, 1, 1],
            expectedShape: [1, 1, 2, 2], expected: [1, 5, 11, 28], algorithm: .im2colGemm)
    }

    @Test func kernelIsNotFlipped() throws {
        // Cross-correlation with w = 1 2 / 3 4 (as PyTorch, no kernel flip):
        // [0,0] = 1·1 + 2·2 + 3·4 + 4·5 = 37; [0,1] = 1·2 + 2·3 + 3·5 + 4·6 = 47;
        // [1,0] = 1·4 + 2·5 + 3·7 + 4·8 = 67; [1,1] = 1·5 + 2·6 + 3·8 + 4·9 = 77.
        try Self.check(
            Conv2dConfiguration(inChannels: 1, outChannels: 1, kernel: 2), input: try Self.oneToNine(),
            weight: [1, 2, 3, 4], expectedShape: [1, 1, 2, 2], expected: [37, 47, 67, 77], algorithm: .im2colGemm)
    }

    @Test func depthwiseTwoChannels() throws {
        // Channel 0 = 1..9 with w0 = 1 0 / 0 1 (top-left + bottom-right) and bias 0.5:
        //   1+5, 2+6, 4+8, 5+9 = 6, 8, 12, 14 → 6.5, 8.5, 12.5, 14.5.
        // Channel 1 = 10·(1..9) with w1 = 0 1 / 2 0 (top-right + 2·bottom-left) and bias −1:
        //   20+2·40, 30+2·50, 50+2·70, 60+2·80 = 100, 130, 190, 220 → 99, 129, 189, 219.
        let input = try Tensor(shape: [1, 2, 3, 3], values: (1...9).map(Float.init) + (1...9).map { Float(10 * $0) })
        try Self.check(
            Conv2dConfiguration(inChannels: 2, outChannels: 2, kernel: 2, groups: 2), input: input,
            weight: [1, 0, 0, 1, /**/ 0, 1, 2, 0], bias: [0.5, -1], expectedShape: [1, 2, 2, 2],
            expected: [6.5, 8.5, 12.5, 14.5, /**/ 99, 129, 189, 219], algorithm: .depthwiseDirect)
    }

    @Test func pointwiseWithBiasAndBatch() throws {
        // Weights [3, 2, 1, 1]: out0 = c0, out1 = c1 + 1, out2 = 2·c0 − c1 + 0.5.
        // Image 0: c0 = 1 2 3 4, c1 = 10 20 30 40 →
        //   out0 = 1 2 3 4; out1 = 11 21 31 41; out2 = 2−10+.5, 4−20+.5, 6−30+.5, 8−40+.5 = −7.5 −15.5 −23.5 −31.5.
        // Image 1: c0 = 0, c1 = 1 → out0 = 0, out1 = 2, out2 = −1 + 0.5 = −0.5.
        let input = try Tensor(shape: [2, 2, 2, 2], values: [1, 2, 3, 4, 10, 20, 30, 40, 0, 0, 0, 0, 1, 1, 1, 1])
        try Self.check(
            Conv2dConfiguration(inChannels: 2, outChannels: 3, kernel: 1), input: input,
            weight: [1, 0, /**/ 0, 1, /**/ 2, -1], bias: [0, 1, 0.5], expectedShape: [2, 3, 2, 2],
            expected: [1, 2, 3, 4, 11, 21, 31, 41, -7.5, -15.5, -23.5, -31.5,
                       0, 0, 0, 0, 2, 2, 2, 2, -0.5, -0.5, -0.5, -0.5],
            algorithm: .pointwiseGemm)
    }

    @Test func groupedOneByTwo() throws {
        // 4 input channels in 2 groups, kernel 1x2 on a 1x3 plane → 1x2 outputs.
        // c0 = 1 2 3, c1 = 4 5 6 (group 0); c2 = 7 8 9, c3 = 1 0 −1 (group 1).
        // out0 (group 0): taps c0 [1, 1], c1 [0, 1] → x0: (1+2) + 5 = 8;   x1: (2+3) + 6 = 11.
        // out1 (group 1): taps c2 [1, 0], c3 [10, 10] → x0: 7 + 10·(1+0) = 17; x1: 8 + 10·(0−1) = −2.
        let input = try Tensor(shape: [1, 4, 1, 3], values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 0, -1])
        try Self.check(
            Conv2dConfiguration(inChannels: 4, outChannels: 2, kernel: Size2D(1, 2), groups: 2), input: input,
            weight: [1, 1, 0, 1, /**/ 1, 0, 10, 10], expectedShape: [1, 2, 1, 2], expected: [8, 11, 17, -2],
            algorithm: .im2colGemm)
    }
}
