import Foundation
import Strata
@testable import StrataONNX
import Testing

/// ONNXExporter: export → ONNXImporter → run equals the Strata graph's own run, for the
/// model builders and for a graph of every exportable op form; the written file's names
/// and symbolic batch; clear errors for what cannot be exported.
@Suite struct ONNXExportTests {
    /// The graph exported, imported again, and run on `input`, against the graph itself
    /// compiled the same way (the importer compiles what it imports).
    static func roundTrip(_ graph: Graph, input: Tensor, opset: Int = ONNXExporter.defaultOpset) throws -> TensorComparison {
        let bytes = try ONNXExporter.export(graph, opset: opset)
        let model = try ONNXImporter.load(bytes: [UInt8](bytes))
        let imported = try #require(try model.run([graph.input.name: input])[graph.outputNames[0]])
        let expected = try graph.compiled().run(input).output
        return try imported.compared(with: expected)
    }

    @Test(arguments: ["seednet", "resnet18", "mobilenetv2", "vgg11"])
    func builderModelsRoundTrip(name: String) throws {
        let size = name == "seednet" ? 28 : 32
        let seed: UInt64 = 7
        // Random BatchNorm statistics and biases: the builders' identity BatchNorm and zero
        // biases would hide swapped or dropped parameters.
        let graph = try ModelZoo.build(name, inputSize: size, classes: 10, seed: seed).randomizingStatistics(seed: seed)
        var rng = SeededGenerator(seed: seed)
        let input = try Tensor.uniform([1, ModelZoo.inputChannels(name), size, size], low: -1, high: 1, using: &rng)
        let comparison = try Self.roundTrip(graph, input: input)
        #expect(comparison.relativeError <= 1e-6, "\(name) seed \(seed): \(comparison)")
    }

    /// The batch is symbolic: the model exported at batch 1 runs a batch of 3, and each
    /// image's output is the batch-1 graph's output for that image.
    @Test func exportedBatchIsSymbolic() throws {
        let seed: UInt64 = 3
        let graph = try SeedNet.make(seed: seed).randomizingStatistics(seed: seed)
        let model = try ONNXImporter.load(bytes: [UInt8](try ONNXExporter.export(graph)))
        #expect(model.inputs[0].description.contains("batch"), "\(model.inputs)")
        var rng = SeededGenerator(seed: seed)
        let batch = try Tensor.uniform([3, 1, 28, 28], low: -1, high: 1, using: &rng)
        let outputs = try #require(try model.run(["input": batch])["softmax"])
        #expect(outputs.shape == [3, 10])
        let compiled = try graph.compiled()
        for image in 0..<3 {
            let one = try Tensor(shape: [1, 1, 28, 28], values: Array(batch.scalars[(image * 784)..<((image + 1) * 784)]))
            let expected = try compiled.run(one).output
            let got = try Tensor(shape: [1, 10], values: Array(outputs.scalars[(image * 10)..<((image + 1) * 10)]))
            let comparison = try got.compared(with: expected)
            #expect(comparison.relativeError <= 1e-6, "image \(image) seed \(seed): \(comparison)")
        }
    }

    /// PyTorch-style names: nodes and values after the Strata nodes, initializers after the
    /// parameters (`conv1.weight`), the input's first dimension `batch`, IR version and opset.
    @Test func namesFollowTheGraph() throws {
        let graph = try SeedNet.make(seed: 1)
        let model = try ONNXExporter.exportModel(graph, opset: 17)
        let initializers = model.graph.initializer.map(\.name)
        #expect(initializers == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                                 "dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias"])
        #expect(model.graph.node.map(\.name) == ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "dense1",
                                                 "relu3", "dense2", "softmax"])
        #expect(model.graph.node.map(\.opType) == ["Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm",
                                                   "Relu", "Gemm", "Softmax"])
        #expect(model.graph.input.map(\.name) == ["input"])
        let dims = model.graph.input[0].type.tensorType.shape.dim
        #expect(dims.map(\.dimParam) == ["batch", "", "", ""])
        #expect(dims.map(\.dimValue) == [0, 1, 28, 28])
        #expect(model.graph.output.map(\.name) == ["softmax"])
        #expect(model.opsetImport.map(\.version) == [17])
        #expect(model.irVersion == 8)
        // SAME padding of a 3x3 stride-1 convolution is 1 on every side; Gemm has transB = 1.
        let conv = model.graph.node[0].attribute.first { $0.name == "pads" }
        #expect(conv?.ints == [1, 1, 1, 1])
        #expect(model.graph.node[7].attribute.map(\.name) == ["transB"])
        #expect(model.graph.node[7].attribute.map(\.i) == [1])
    }

    /// Every window form the exporter writes: groups, dilation, asymmetric, SAME_UPPER and
    /// SAME_LOWER padding (resolved to pads), a fused activation, ceil-mode pools with and
    /// without count_include_pad, dilated max pooling, global pools, Concat, Mul, Identity,
    /// BatchNorm.
    @Test func everyWindowFormRoundTrips() throws {
        let seed: UInt64 = 11
        let b = try GraphBuilder(inputShape: [1, 4, 13, 11], seed: seed)
        let asymmetric = Padding.explicit(Padding2D(top: 1, left: 0, bottom: 2, right: 3))
        var x = try b.conv(b.input, 8, kernel: Size2D(3, 2), stride: Size2D(2, 1), padding: asymmetric, name: "asym")
        x = try b.batchNorm(x, name: "bn")
        let grouped = try b.conv(x, 8, kernel: 3, padding: .same, dilation: 2, groups: 4, name: "grouped")
        let lower = try b.conv(x, 8, kernel: 4, stride: 2, padding: .sameLower, bias: false, name: "lower")
        let upper = try b.conv(x, 8, kernel: 4, stride: 2, padding: .same, name: "upper")
        var y = try b.activation(grouped, .leakyReLU(alpha: 0.1), name: "leaky")
        y = try b.maxPool(y, kernel: 3, stride: 2, padding: .symmetric(1), ceilMode: true, name: "maxceil")
        let z = try b.mul(lower, upper, name: "gate")
        let avgInclude = try b.avgPool(y, kernel: 2, stride: 1, padding: .symmetric(1), ceilMode: true, countIncludePad: true,
                                       name: "avg_include")
        let avgExclude = try b.avgPool(z, kernel: 3, stride: 2, padding: .symmetric(1), ceilMode: true, countIncludePad: false,
                                       name: "avg_exclude")
        let dilated = try b.maxPool(z, kernel: 2, stride: 1, dilation: 2, name: "dilated")
        let pooled = try b.concat([b.globalAveragePool(avgInclude, name: "gap"), b.globalMaxPool(avgExclude, name: "gmp"),
                                   b.globalAveragePool(dilated, name: "gap2")], name: "cat")
        let identity = try b.add(IdentityOp(), [pooled], name: "same")
        let dropped = try b.dropout(b.flatten(identity, name: "flat"), probability: 0.3, name: "drop")
        let logits = try b.linear(dropped, 5, name: "fc")
        let graph = try b.build(outputs: [b.softmax(logits, name: "probs")]).randomizingStatistics(seed: seed)
        var rng = SeededGenerator(seed: seed)
        let input = try Tensor.uniform([1, 4, 13, 11], low: -1, high: 1, using: &rng)
        let comparison = try Self.roundTrip(graph, input: input)
        #expect(comparison.relativeError <= 1e-6, "seed \(seed): \(comparison)")
    }

    /// Every activation with an ONNX equivalent, at opset 22 (GELU needs 20, Mish 18), on
    /// values spanning their interesting ranges (positive inputs for sqrt and log).
    @Test func everyExportableActivationRoundTrips() throws {
        let activations: [Activation] = [
            .relu, .leakyReLU(alpha: 0.2), .relu6, .clip(min: -0.5, max: 0.25), .sigmoid, .tanh, .gelu, .geluTanh, .silu,
            .pytorchHardSigmoid, .hardSwish, .erf, .softsign, .exp, .abs, .neg, .floor, .ceil, .round, .sign,
            .elu(alpha: 0.7), .selu(alpha: 1.67326319, gamma: 1.05070102), .celu(alpha: 1.5), .softplus, .mish,
            .thresholdedReLU(alpha: 0.3), .shrink(bias: 0.1, lambd: 0.4),
        ]
        let positive: [Activation] = [.sqrt, .log, .reciprocal]
        let seed: UInt64 = 5
        for (activation, low) in activations.map({ ($0, Float(-3)) }) + positive.map({ ($0, Float(0.1)) }) {
            let b = try GraphBuilder(inputShape: [1, 2, 3, 4], seed: seed)
            let graph = try b.build(outputs: [b.activation(b.input, activation, name: "act")])
            var rng = SeededGenerator(seed: seed)
            let input = try Tensor.uniform([1, 2, 3, 4], low: low, high: 3, using: &rng)
            let comparison = try Self.roundTrip(graph, input: input, opset: 22)
            #expect(comparison.relativeError <= 1e-6, "\(activation.name) seed \(seed): \(comparison)")
        }
    }

    /// A compiled graph's fused Conv2d+relu6 becomes Conv then Clip, and runs the same.
    @Test func fusedActivationBecomesItsOwnNode() throws {
        let b = try GraphBuilder(inputShape: [1, 3, 8, 8], seed: 2)
        let x = try b.activation(b.conv(b.input, 4, kernel: 3, name: "conv"), .relu6, name: "act")
        let graph = try b.build(outputs: [x])
        let compiled = try graph.compiled().graph
        #expect(compiled.nodes.map(\.op.opName).contains("Conv2d+relu6"), "\(compiled.nodes.map(\.op.opName))")
        let model = try ONNXExporter.exportModel(compiled, opset: 17)
        #expect(model.graph.node.map(\.opType) == ["Conv", "Clip"])
        var rng = SeededGenerator(seed: 2)
        let input = try Tensor.uniform([1, 3, 8, 8], low: -2, high: 2, using: &rng)
        let comparison = try Self.roundTrip(compiled, input: input)
        #expect(comparison.relativeError <= 1e-6, "seed 2: \(comparison)")
    }

    @Test func unsupportedNodesAreNamed() throws {
        let b = try GraphBuilder(inputShape: [1, 2, 4, 4], seed: 1)
        let x = try b.activation(b.input, .gelu, name: "smooth")
        let y = try b.add(BinaryOp(.less), [x, b.input], name: "compare")
        let graph = try b.build(outputs: [y])
        do {
            _ = try ONNXExporter.export(graph, opset: 17)
            Issue.record("exported a graph with GELU at opset 17 and a comparison")
        } catch let error as StrataError {
            let message = error.description
            #expect(message.contains("node 'smooth' (gelu)"), "\(message)")
            #expect(message.contains("opset 20"), "\(message)")
            #expect(message.contains("node 'compare' (Less)"), "\(message)")
        }
        #expect(throws: StrataError.self) { try ONNXExporter.export(graph, opset: 12) }
    }

    /// `write` refuses to replace a file unless told to, and replaces it atomically.
    @Test func writeIsNoClobberUnlessOverwriting() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "onnx-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appending(path: "seednet.onnx")
        let graph = try SeedNet.make(seed: 1)
        try ONNXExporter.write(graph, to: url)
        #expect(throws: StrataError.self) { try ONNXExporter.write(graph, to: url) }
        try ONNXExporter.write(graph, to: url, overwrite: true)
        let model = try ONNXImporter.load(contentsOf: url)
        #expect(model.outputNames == ["softmax"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["seednet.onnx"])
    }
}
