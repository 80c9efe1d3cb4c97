import Strata
import Testing

/// The cost model's rules (``ConvAlgorithm``'s `choose`, documented with the measurements
/// behind them) on the layers they were measured on and on their edges.
@Suite struct ConvAlgorithmChoiceTests {
    static func chosen(_ inChannels: Int, _ outChannels: Int, size: Int, batch: Int = 1, kernel: Int = 3, stride: Int = 1) throws -> ConvAlgorithm {
        let configuration = Conv2dConfiguration(inChannels: inChannels, outChannels: outChannels, kernel: Size2D(kernel, kernel),
                                                stride: Size2D(stride, stride), padding: .symmetric(kernel / 2))
        return try Conv2dPlan(configuration: configuration, inputShape: [batch, inChannels, size, size], workers: 2).algorithm
    }

    @Test func resNetAndVGGLayers() throws {
        #expect(try Self.chosen(64, 64, size: 56) == .winograd4x4)     // ResNet-18 layer1
        #expect(try Self.chosen(128, 128, size: 28) == .winograd4x4)   // layer2: 49 F(4x4) tiles
        #expect(try Self.chosen(256, 256, size: 14) == .winograd2x2)   // layer3: 16 F(4x4) tiles, 49 F(2x2)
        #expect(try Self.chosen(512, 512, size: 7) == .im2colGemm)     // layer4: 16 F(2x2) tiles
        #expect(try Self.chosen(3, 64, size: 224) == .im2colGemm)      // VGG conv1_1: 3 channels
        #expect(try Self.chosen(64, 64, size: 224) == .winograd4x4)    // VGG conv1_2
    }

    @Test func edges() throws {
        #expect(try Self.chosen(32, 64, size: 56) == .im2colGemm)      // fewer than 64 input channels
        #expect(try Self.chosen(64, 32, size: 56) == .im2colGemm)      // fewer than 64 output channels
        #expect(try Self.chosen(512, 512, size: 7, batch: 4) == .winograd2x2)   // 64 F(2x2) tiles over the batch
        #expect(try Self.chosen(512, 512, size: 7, batch: 13) == .winograd4x4)  // 52 F(4x4) tiles
        #expect(try Self.chosen(256, 512, size: 14, stride: 2) == .im2colGemm)  // stride 2
        #expect(try Self.chosen(256, 256, size: 14, kernel: 1) == .pointwiseGemm)
    }
}
