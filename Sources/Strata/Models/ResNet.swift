/// torchvision's ResNet family for inference: node and parameter names follow
/// torchvision's state_dict (`layer2.0.downsample.0.weight`), convolutions have no bias,
/// BatchNorm follows every convolution. ResNet-18 at 224x224 with 1000 classes has
/// 11,689,512 parameters (BatchNorm running statistics are not parameters).
public enum ResNet {
    /// The residual block: two 3x3 convolutions (`basic`, ResNet-18/34) or 1x1, 3x3, 1x1 with a
    /// 4x channel expansion (`bottleneck`, ResNet-50), as in He et al. 2015 and torchvision.
    public enum Block: Sendable {
        /// 3x3, 3x3; output channels as the stage's width (expansion 1).
        case basic
        /// 1x1 reduce, 3x3, 1x1 expand to 4x the stage's width.
        case bottleneck
    }

    /// torchvision's `resnet18()`: basic blocks [2, 2, 2, 2], for `[batch, 3, inputSize, inputSize]`
    /// input and `classes` logits, seeded weights.
    /// - Throws: ``StrataError`` or ``GraphError`` when a size is not positive or the input
    ///   is too small for a layer's window (the error names the node).
    public static func resnet18(inputSize: Int = 224, classes: Int = 1000, batch: Int = 1, seed: UInt64 = 0) throws -> Graph {
        try make(block: .basic, layers: [2, 2, 2, 2], inputSize: inputSize, classes: classes, batch: batch, seed: seed)
    }

    /// torchvision's `resnet34()`: basic blocks [3, 4, 6, 3]; otherwise as ``resnet18(inputSize:classes:batch:seed:)``.
    /// - Throws: as ``resnet18(inputSize:classes:batch:seed:)``.
    public static func resnet34(inputSize: Int = 224, classes: Int = 1000, batch: Int = 1, seed: UInt64 = 0) throws -> Graph {
        try make(block: .basic, layers: [3, 4, 6, 3], inputSize: inputSize, classes: classes, batch: batch, seed: seed)
    }

    /// torchvision's `resnet50()`: bottleneck blocks [3, 4, 6, 3] (stride on the 3x3, "ResNet
    /// v1.5"); otherwise as ``resnet18(inputSize:classes:batch:seed:)``.
    /// - Throws: as ``resnet18(inputSize:classes:batch:seed:)``.
    public static func resnet50(inputSize: Int = 224, classes: Int = 1000, batch: Int = 1, seed: UInt64 = 0) throws -> Graph {
        try make(block: .bottleneck, layers: [3, 4, 6, 3], inputSize: inputSize, classes: classes, batch: batch, seed: seed)
    }

    /// Stem (7x7/2 conv, BN, ReLU, 3x3/2 max pool), four stages of blocks with widths
    /// 64-128-256-512 (x4 for bottlenecks), global average pool, flatten, fully connected.
    public static func make(block: Block, layers: [Int], inputSize: Int, classes: Int, batch: Int, seed: UInt64) throws -> Graph {
        let b = try GraphBuilder(inputShape: [batch, 3, inputSize, inputSize], seed: seed)
        var x = try b.conv(b.input, 64, kernel: 7, stride: 2, padding: .symmetric(3), bias: false, name: "conv1")
        x = try b.batchNorm(x, name: "bn1")
        x = try b.relu(x, name: "relu")
        x = try b.maxPool(x, kernel: 3, stride: 2, padding: .symmetric(1), name: "maxpool")
        let expansion = block == .basic ? 1 : 4
        var channels = 64
        for (stage, count) in layers.enumerated() {
            let width = 64 << stage
            for index in 0..<count {
                let stride: Size2D = stage > 0 && index == 0 ? 2 : 1
                let needsProjection = stride != 1 || channels != width * expansion
                x = try residualBlock(b, x, block: block, width: width, stride: stride, projection: needsProjection,
                                      prefix: "layer\(stage + 1).\(index)")
                channels = width * expansion
            }
        }
        x = try b.globalAveragePool(x, name: "avgpool")
        x = try b.flatten(x, name: "flatten")
        x = try b.linear(x, classes, name: "fc")
        return try b.build(outputs: [x])
    }

    static func residualBlock(
        _ b: GraphBuilder, _ input: NodeID, block: Block, width: Int, stride: Size2D, projection: Bool, prefix: String
    ) throws -> NodeID {
        var x = input
        switch block {
        case .basic:
            x = try b.conv(x, width, kernel: 3, stride: stride, padding: .symmetric(1), bias: false, name: "\(prefix).conv1")
            x = try b.relu(b.batchNorm(x, name: "\(prefix).bn1"), name: "\(prefix).relu1")
            x = try b.conv(x, width, kernel: 3, padding: .symmetric(1), bias: false, name: "\(prefix).conv2")
            x = try b.batchNorm(x, name: "\(prefix).bn2")
        case .bottleneck:
            // torchvision v1.5: the stride sits on the 3x3 convolution.
            x = try b.conv(x, width, kernel: 1, bias: false, name: "\(prefix).conv1")
            x = try b.relu(b.batchNorm(x, name: "\(prefix).bn1"), name: "\(prefix).relu1")
            x = try b.conv(x, width, kernel: 3, stride: stride, padding: .symmetric(1), bias: false, name: "\(prefix).conv2")
            x = try b.relu(b.batchNorm(x, name: "\(prefix).bn2"), name: "\(prefix).relu2")
            x = try b.conv(x, width * 4, kernel: 1, bias: false, name: "\(prefix).conv3")
            x = try b.batchNorm(x, name: "\(prefix).bn3")
        }
        var shortcut = input
        if projection {
            shortcut = try b.conv(input, b.shape(of: x)[1], kernel: 1, stride: stride, bias: false, name: "\(prefix).downsample.0")
            shortcut = try b.batchNorm(shortcut, name: "\(prefix).downsample.1")
        }
        return try b.relu(b.add(x, shortcut, name: "\(prefix).add"), name: "\(prefix).relu")
    }
}
