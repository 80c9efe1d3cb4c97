/// torchvision's MobileNetV2 (width 1.0) for inference: inverted residual blocks with
/// ReLU6, depthwise 3x3 convolutions, no conv bias. Names follow torchvision
/// (`features.3.conv.1.0.weight`). 3,504,872 parameters at 1000 classes.
public enum MobileNetV2 {
    /// (expansion t, output channels c, repeats n, first stride s), as in the paper.
    static let settings: [(t: Int, c: Int, n: Int, s: Int)] = [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]

    /// torchvision's `mobilenet_v2()` for `[batch, 3, inputSize, inputSize]` input and `classes`
    /// outputs (logits), with seeded He-initialized weights (load real ones with
    /// ``Graph/loadingParameters(contentsOf:)``).
    /// - Throws: ``StrataError`` or ``GraphError`` when a size is not positive or the input
    ///   is too small for a layer's window (the error names the node).
    public static func make(inputSize: Int = 224, classes: Int = 1000, batch: Int = 1, seed: UInt64 = 0) throws -> Graph {
        let b = try GraphBuilder(inputShape: [batch, 3, inputSize, inputSize], seed: seed)
        var x = try convBNReLU6(b, b.input, 32, kernel: 3, stride: 2, prefix: "features.0")
        var channels = 32
        var index = 1
        for setting in settings {
            for repeatIndex in 0..<setting.n {
                let stride = repeatIndex == 0 ? setting.s : 1
                x = try invertedResidual(b, x, inChannels: channels, outChannels: setting.c, stride: stride,
                                         expansion: setting.t, prefix: "features.\(index)")
                channels = setting.c
                index += 1
            }
        }
        x = try convBNReLU6(b, x, 1280, kernel: 1, stride: 1, prefix: "features.\(index)")
        x = try b.globalAveragePool(x, name: "avgpool")
        x = try b.flatten(x, name: "flatten")
        // classifier.0 is Dropout: the identity at inference.
        x = try b.linear(x, classes, name: "classifier.1")
        return try b.build(outputs: [x])
    }

    static func convBNReLU6(
        _ b: GraphBuilder, _ x: NodeID, _ outChannels: Int, kernel: Size2D, stride: Size2D, groups: Int = 1, prefix: String
    ) throws -> NodeID {
        let padding = Padding.symmetric((kernel.height - 1) / 2)
        let conv = try b.conv(x, outChannels, kernel: kernel, stride: stride, padding: padding, groups: groups, bias: false,
                              name: "\(prefix).0")
        return try b.activation(b.batchNorm(conv, name: "\(prefix).1"), .clip(min: 0, max: 6), name: "\(prefix).2")
    }

    static func invertedResidual(
        _ b: GraphBuilder, _ input: NodeID, inChannels: Int, outChannels: Int, stride: Int, expansion: Int, prefix: String
    ) throws -> NodeID {
        let hidden = inChannels * expansion
        var x = input
        var layer = 0
        if expansion != 1 {
            x = try convBNReLU6(b, x, hidden, kernel: 1, stride: 1, prefix: "\(prefix).conv.\(layer)")
            layer += 1
        }
        x = try convBNReLU6(b, x, hidden, kernel: 3, stride: Size2D(stride, stride), groups: hidden,
                            prefix: "\(prefix).conv.\(layer)")
        x = try b.conv(x, outChannels, kernel: 1, bias: false, name: "\(prefix).conv.\(layer + 1)")
        x = try b.batchNorm(x, name: "\(prefix).conv.\(layer + 2)")
        if stride == 1 && inChannels == outChannels {
            x = try b.add(input, x, name: "\(prefix).add")
        }
        return x
    }
}
