import Strata
import Testing

/// Every way a convolution can be misused throws a typed ``StrataError`` naming the numbers,
/// both from ``Conv2dPlan`` and from the ``Conv2d`` layer.
@Suite struct Conv2dErrorTests {
    static func plan(_ configuration: Conv2dConfiguration, _ input: [Int]) throws {
        _ = try Conv2dPlan(configuration: configuration, inputShape: try Shape(input), workers: 1)
    }

    static func layer(_ configuration: Conv2dConfiguration) throws -> Conv2d {
        var rng = SeededGenerator(seed: 11)
        return try Conv2d(configuration, generator: &rng)
    }

    static func run(_ configuration: Conv2dConfiguration, _ input: [Int]) throws {
        _ = try layer(configuration)(try Tensor(shape: input, repeating: 1))
    }

    @Test func channelMismatch() throws {
        let configuration = Conv2dConfiguration(inChannels: 3, outChannels: 8, kernel: 3)
        let fragments = ["4 channels", "[1, 4, 9, 9]", "expects 3"]
        expectStrataError(.shapeMismatch, mentioning: fragments) { try Self.plan(configuration, [1, 4, 9, 9]) }
        expectStrataError(.shapeMismatch, mentioning: fragments) { try Self.run(configuration, [1, 4, 9, 9]) }
        try Self.plan(configuration, [1, 3, 9, 9])   // the matching input is accepted
    }

    @Test func groupsMustDivideChannels() {
        // 4 divides out 8 but not in 6.
        let inBad = Conv2dConfiguration(inChannels: 6, outChannels: 8, kernel: 3, groups: 4)
        expectStrataError(.invalidArgument, mentioning: ["groups 4", "in channels 6", "out channels 8"]) {
            try Self.plan(inBad, [1, 6, 9, 9])
        }
        expectStrataError(.invalidArgument, mentioning: ["groups 4", "in channels 6"]) { _ = try Self.layer(inBad) }
        // 3 divides in 6 but not out 4.
        let outBad = Conv2dConfiguration(inChannels: 6, outChannels: 4, kernel: 3, groups: 3)
        expectStrataError(.invalidArgument, mentioning: ["groups 3", "out channels 4"]) { try Self.run(outBad, [1, 6, 9, 9]) }
        let zero = Conv2dConfiguration(inChannels: 6, outChannels: 4, kernel: 3, groups: 0)
        expectStrataError(.invalidArgument, mentioning: ["groups must be >= 1", "got 0"]) { try Self.plan(zero, [1, 6, 9, 9]) }
    }

    @Test func strideMustBePositive() {
        let configuration = Conv2dConfiguration(inChannels: 2, outChannels: 2, kernel: 3, stride: Size2D(1, 0))
        expectStrataError(.invalidArgument, mentioning: ["stride", "1x0"]) { try Self.plan(configuration, [1, 2, 9, 9]) }
        let negative = Conv2dConfiguration(inChannels: 2, outChannels: 2, kernel: 3, stride: -2)
        expectStrataError(.invalidArgument, mentioning: ["stride", "-2"]) { _ = try Self.layer(negative) }
    }

    @Test func dilationMustBePositive() {
        let configuration = Conv2dConfiguration(inChannels: 2, outChannels: 2, kernel: 3, dilation: Size2D(0, 2))
        expectStrataError(.invalidArgument, mentioning: ["dilation", "0x2"]) { try Self.plan(configuration, [1, 2, 9, 9]) }
        expectStrataError(.invalidArgument, mentioning: ["dilation", "0x2"]) { _ = try Self.layer(configuration) }
    }

    @Test func kernelLargerThanPaddedInput() {
        // 5 > 3 + 0 + 0 on the height axis; width 9 alone would fit.
        let configuration = Conv2dConfiguration(inChannels: 2, outChannels: 3, kernel: 5)
        let fragments = ["5 pixels", "height", "3 + 0 + 0 = 3"]
        expectStrataError(.invalidArgument, mentioning: fragments) { try Self.plan(configuration, [1, 2, 3, 9]) }
        expectStrataError(.invalidArgument, mentioning: fragments) { try Self.run(configuration, [1, 2, 3, 9]) }
        // With padding 1 on every side, 3 + 1 + 1 = 5 fits exactly: a 1-pixel-high output.
        let padded = Conv2dConfiguration(inChannels: 2, outChannels: 3, kernel: 5, padding: .symmetric(1))
        #expect(throws: Never.self) { try Self.run(padded, [1, 2, 3, 9]) }
    }

    @Test func weightOfWrongRank() throws {
        let configuration = Conv2dConfiguration(inChannels: 3, outChannels: 4, kernel: 3)
        let weight = try Tensor(shape: [4, 3, 9], repeating: 0)
        expectStrataError(.invalidShape, mentioning: ["[4, 3, 9]", "rank 3", "rank 4", "[4, 3, 3, 3]"]) {
            _ = try Conv2d(configuration, weight: weight, bias: nil)
        }
    }

    @Test func weightOfWrongShape() throws {
        // groups 1 expects [4, 3, 3, 3]; the depthwise-style [4, 1, 3, 3] does not fit.
        let configuration = Conv2dConfiguration(inChannels: 3, outChannels: 4, kernel: 3)
        let weight = try Tensor(shape: [4, 1, 3, 3], repeating: 0)
        expectStrataError(.shapeMismatch, mentioning: ["[4, 1, 3, 3]", "expected [4, 3, 3, 3]"]) {
            _ = try Conv2d(configuration, weight: weight, bias: nil)
        }
        // In 6, out 6, groups 3, kernel 1x2 expects [6, 6/3, 1, 2]; the transposed kernel is rejected.
        let grouped = Conv2dConfiguration(inChannels: 6, outChannels: 6, kernel: Size2D(1, 2), groups: 3)
        expectStrataError(.shapeMismatch, mentioning: ["[6, 2, 2, 1]", "expected [6, 2, 1, 2]"]) {
            _ = try Conv2d(grouped, weight: try Tensor(shape: [6, 2, 2, 1], repeating: 0), bias: nil)
        }
    }

    @Test func biasOfWrongShape() throws {
        let configuration = Conv2dConfiguration(inChannels: 3, outChannels: 4, kernel: 3)
        let weight = try Tensor(shape: [4, 3, 3, 3], repeating: 0)
        expectStrataError(.shapeMismatch, mentioning: ["[5]", "expected [4]"]) {
            _ = try Conv2d(configuration, weight: weight, bias: try Tensor(shape: [5], repeating: 0))
        }
        expectStrataError(.shapeMismatch, mentioning: ["[1, 4]", "expected [4]"]) {
            _ = try Conv2d(configuration, weight: weight, bias: try Tensor(shape: [1, 4], repeating: 0))
        }
        #expect(throws: Never.self) {
            _ = try Conv2d(configuration, weight: weight, bias: try Tensor(shape: [4], repeating: 0))
        }
    }

    @Test func inputMustBeRankFour() {
        let configuration = Conv2dConfiguration(inChannels: 3, outChannels: 4, kernel: 3)
        expectStrataError(.invalidShape, mentioning: ["[3, 9, 9]", "rank 4"]) { try Self.plan(configuration, [3, 9, 9]) }
        expectStrataError(.invalidShape, mentioning: ["[3, 9, 9]", "rank 4"]) { try Self.run(configuration, [3, 9, 9]) }
    }

    @Test func channelCountsMustBePositive() {
        let configuration = Conv2dConfiguration(inChannels: 3, outChannels: 0, kernel: 3)
        expectStrataError(.invalidArgument, mentioning: ["in 3", "out 0"]) { _ = try Self.layer(configuration) }
    }
}
