/// The small network of the feature-map literature (Keras's MNIST CNN): Conv 32 3x3 same
/// + ReLU, MaxPool 2, Conv 64 3x3 same + ReLU, MaxPool 2, Flatten, Dense 128 + ReLU,
/// Dense 10, Softmax. 1x28x28 input by default.
public enum SeedNet {
    /// The network for `[batch, 1, inputSize, inputSize]` input; its output is `[batch, classes]`
    /// probabilities (the softmax is part of it). Seeded weights.
    /// - Throws: ``StrataError`` or ``GraphError`` when `inputSize` is below 4 (two 2x2 max
    ///   pools) or a size is not positive.
    public static func make(inputSize: Int = 28, classes: Int = 10, batch: Int = 1, seed: UInt64 = 0) throws -> Graph {
        let b = try GraphBuilder(inputShape: [batch, 1, inputSize, inputSize], seed: seed)
        var x = try b.relu(b.conv(b.input, 32, kernel: 3, padding: .same, name: "conv1"), name: "relu1")
        x = try b.maxPool(x, kernel: 2, name: "pool1")
        x = try b.relu(b.conv(x, 64, kernel: 3, padding: .same, name: "conv2"), name: "relu2")
        x = try b.maxPool(x, kernel: 2, name: "pool2")
        x = try b.flatten(x, name: "flatten")
        x = try b.relu(b.linear(x, 128, name: "dense1"), name: "relu3")
        x = try b.linear(x, classes, name: "dense2")
        x = try b.softmax(x, name: "softmax")
        return try b.build(outputs: [x])
    }
}
