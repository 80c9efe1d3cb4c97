import Strata
import Testing

@Suite struct GraphSummaryTests {
    /// ResNet-18's stem, worked by hand: conv1 7x7/2 sees 7 pixels, jump 2; maxpool 3x3/2
    /// adds (3−1)·2 = 4 → 11, jump 4; layer1.0.conv1 3x3/1 adds (3−1)·4 = 8 → 19, jump 4;
    /// layer1.0.conv2 → 27. MACs of conv1: 64·112·112 outputs · 3·7·7 = 118,013,952.
    @Test func resnet18ReceptiveFieldsAndMACs() throws {
        let summary = try ResNet.resnet18().summary()
        func row(_ name: String) throws -> GraphSummary.Row { try #require(summary.rows.first { $0.name == name }) }
        #expect(try row("conv1").receptiveField == Size2D(7, 7) && row("conv1").jump == Size2D(2, 2))
        #expect(try row("maxpool").receptiveField == Size2D(11, 11) && row("maxpool").jump == Size2D(4, 4))
        #expect(try row("layer1.0.conv1").receptiveField == Size2D(19, 19))
        #expect(try row("layer1.0.conv2").receptiveField == Size2D(27, 27))
        #expect(try row("conv1").macs == 118_013_952)
        #expect(try row("avgpool").isGlobal)
        #expect(summary.totalParameters == 11_689_512)
        // torchvision's ResNet-18 is quoted at 1.82 GMACs (conv + fc; BN adds a little).
        #expect((1_810_000_000...1_830_000_000).contains(summary.totalMACs), "\(summary.totalMACs)")
        #expect(summary.peakActivationBytes > 3 * 224 * 224 * 4)
        let text = summary.description
        #expect(text.contains("layer4.1.conv2") && text.contains("total parameters: 11,689,512"))
    }

    /// Convolution rows name the algorithm their plan runs; other rows name none. The 7x7
    /// stride-2 stem can only run im2col, MobileNetV2's depthwise convolutions only the
    /// direct kernel, and each 3x3 row shows what planning that layer chooses.
    @Test func convolutionRowsShowTheirAlgorithm() throws {
        let resnet = try ResNet.resnet18().summary(workers: 2)
        func row(_ summary: GraphSummary, _ name: String) throws -> GraphSummary.Row { try #require(summary.rows.first { $0.name == name }) }
        #expect(try row(resnet, "conv1").algorithm == "im2colGemm")
        #expect(try row(resnet, "maxpool").algorithm == nil && row(resnet, "fc").algorithm == nil)
        let plan = try Conv2dPlan(configuration: Conv2dConfiguration(inChannels: 64, outChannels: 64, kernel: 3, padding: .symmetric(1)),
                                  inputShape: [1, 64, 56, 56], workers: 2)
        #expect(try row(resnet, "layer1.0.conv1").algorithm == plan.algorithm.rawValue)
        #expect(resnet.description.contains("algorithm") && resnet.description.contains("im2colGemm"))

        let mobilenet = try MobileNetV2.make(inputSize: 64, classes: 10, batch: 1, seed: 1).summary(workers: 2)
        #expect(mobilenet.rows.contains { $0.algorithm == "depthwiseDirect" })
    }
}
