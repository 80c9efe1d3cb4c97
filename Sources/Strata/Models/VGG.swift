/// torchvision's VGG with BatchNorm (`vgg11_bn`, `vgg16_bn`). Node and parameter names
/// follow torchvision's `features.N` / `classifier.N` indices. torchvision's adaptive
/// average pool to 7x7 is the identity at 224x224; at other sizes this builder feeds the
/// classifier the final feature map as it is (512·(S/32)² inputs), so the first linear
/// layer is smaller than torchvision's when S != 224.
public enum VGG {
    /// Channel counts, 0 meaning a 2x2 max pool (torchvision's configurations "A" and "D").
    static let vgg11: [Int] = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]
    static let vgg16: [Int] = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]

    /// VGG-11 with BatchNorm (torchvision `vgg11_bn`), `[batch, 3, inputSize, inputSize]` input,
    /// `classes` logits, seeded weights.
    /// - Throws: ``StrataError`` or ``GraphError`` when `inputSize` is not at least 32 (five 2x2
    ///   max pools) or a size is not positive.
    public static func vgg11BN(inputSize: Int = 224, classes: Int = 1000, batch: Int = 1, seed: UInt64 = 0) throws -> Graph {
        try make(vgg11, inputSize: inputSize, classes: classes, batch: batch, seed: seed)
    }

    /// VGG-16 with BatchNorm (torchvision `vgg16_bn`); otherwise as ``vgg11BN(inputSize:classes:batch:seed:)``.
    /// - Throws: as ``vgg11BN(inputSize:classes:batch:seed:)``.
    public static func vgg16BN(inputSize: Int = 224, classes: Int = 1000, batch: Int = 1, seed: UInt64 = 0) throws -> Graph {
        try make(vgg16, inputSize: inputSize, classes: classes, batch: batch, seed: seed)
    }

    static func make(_ configuration: [Int], inputSize: Int, classes: Int, batch: Int, seed: UInt64) throws -> Graph {
        let b = try GraphBuilder(inputShape: [batch, 3, inputSize, inputSize], seed: seed)
        var x = b.input
        var index = 0
        for channels in configuration {
            if channels == 0 {
                x = try b.maxPool(x, kernel: 2, stride: 2, name: "features.\(index)")
                index += 1
            } else {
                x = try b.conv(x, channels, kernel: 3, padding: .symmetric(1), name: "features.\(index)")
                x = try b.batchNorm(x, name: "features.\(index + 1)")
                x = try b.relu(x, name: "features.\(index + 2)")
                index += 3
            }
        }
        x = try b.flatten(x, name: "flatten")
        // Dropout (classifier.2 and .5) is the identity at inference.
        x = try b.relu(b.linear(x, 4096, name: "classifier.0"), name: "classifier.1")
        x = try b.relu(b.linear(x, 4096, name: "classifier.3"), name: "classifier.4")
        x = try b.linear(x, classes, name: "classifier.6")
        return try b.build(outputs: [x])
    }
}
