import Foundation
import Strata
import StrataDiagnostics
@testable import StrataTraining
import Testing

@Suite struct TrainingGraphTests {
    /// `count` Fashion-MNIST-free random images [count, 1, 8, 8] with labels from a seed.
    static func randomBatch(_ count: Int, seed: UInt64, channels: Int = 1, size: Int = 8, classes: Int = 10) throws -> (Tensor, [Int]) {
        var rng = SeededGenerator(seed: seed)
        let images = try Tensor.uniform([count, channels, size, size], low: 0, high: 1, using: &rng)
        return (images, (0..<count).map { _ in Int(rng.next() % UInt64(classes)) })
    }

    /// A small network with every layer kind of the seed network and a BatchNorm.
    static func smallNet(seed: UInt64 = 3) throws -> Graph {
        let b = try GraphBuilder(inputShape: [1, 1, 8, 8], seed: seed)
        var x = try b.relu(b.batchNorm(b.conv(b.input, 4, kernel: 3, padding: .same, name: "conv1"), name: "bn1"), name: "relu1")
        x = try b.maxPool(x, kernel: 2, name: "pool1")
        x = try b.flatten(x, name: "flatten")
        x = try b.linear(x, 10, name: "fc")
        return try b.build(outputs: [b.softmax(x, name: "softmax")])
    }

    /// One linear layer: the gradient of the mean cross-entropy is (softmax(z) − onehot)ᵀ·x / B
    /// for the weight and its column sums for the bias, computed here in Double.
    @Test func linearGradientsMatchTheClosedForm() throws {
        let b = try GraphBuilder(inputShape: [1, 4], seed: 5)
        let graph = try b.build(outputs: [b.linear(b.input, 3, name: "fc")])
        let training = try TrainingGraph(graph, batchSize: 2)
        let x: [Float] = [0.5, -1, 2, 0.25, -0.5, 1.5, 0, 1]
        let labels = [2, 0]
        _ = try training.trainStep(images: Tensor(shape: [2, 4], values: x), labels: labels)
        let w = graph.namedParameters.first { $0.name == "fc.weight" }!.value.scalars.map(Double.init)
        let bias = graph.namedParameters.first { $0.name == "fc.bias" }!.value.scalars.map(Double.init)
        var dW = [Double](repeating: 0, count: 12), dB = [Double](repeating: 0, count: 3)
        for n in 0..<2 {
            let z = (0..<3).map { o in bias[o] + (0..<4).reduce(0.0) { $0 + w[o * 4 + $1] * Double(x[n * 4 + $1]) } }
            let e = z.map { exp($0 - z.max()!) }
            for o in 0..<3 {
                let d = (e[o] / e.reduce(0, +) - (o == labels[n] ? 1 : 0)) / 2
                dB[o] += d
                for i in 0..<4 { dW[o * 4 + i] += d * Double(x[n * 4 + i]) }
            }
        }
        let gradients = Dictionary(uniqueKeysWithValues: training.parameters.map { ($0.name, Array(UnsafeBufferPointer(start: $0.gradient, count: $0.count))) })
        for (got, want) in zip(gradients["fc.weight"]!, dW) { #expect(abs(Double(got) - want) < 1e-6) }
        for (got, want) in zip(gradients["fc.bias"]!, dB) { #expect(abs(Double(got) - want) < 1e-6) }
    }

    @Test func parametersHavePyTorchNames() throws {
        let training = try TrainingGraph(SeedNet.make(), batchSize: 4)
        #expect(training.parameters.map(\.name) == [
            "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias",
        ])
        let bn = try TrainingGraph(Self.smallNet(), batchSize: 2)
        #expect(bn.parameters.map(\.name) == ["conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "fc.weight", "fc.bias"])
        #expect(Set(bn.parameterTensors().keys) == Set(["conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean",
                                                       "bn1.running_var", "fc.weight", "fc.bias"]))
    }

    /// Training on one fixed batch must fit it: the loss falls and every label is learned.
    @Test func fitsOneBatch() throws {
        let training = try TrainingGraph(Self.smallNet(), batchSize: 16)
        let adam = try Adam(parameters: training.parameterShapes)
        let (images, labels) = try Self.randomBatch(16, seed: 11)
        let first = try training.trainStep(images: images, labels: labels)
        adam.step(training.parameters, learningRate: 0.01)
        for _ in 0..<150 {
            _ = try training.trainStep(images: images, labels: labels)
            adam.step(training.parameters, learningRate: 0.01)
        }
        let last = try training.trainStep(images: images, labels: labels)
        #expect(last.loss < first.loss / 10, "loss \(first.loss) → \(last.loss)")
        #expect(last.correct == 16)
    }

    /// Same seed, one thread: bit-identical weights after several steps; another seed differs.
    @Test func sameSeedGivesBitIdenticalWeights() throws {
        func train(seed: UInt64) throws -> [String: Tensor] {
            let training = try TrainingGraph(Self.smallNet(seed: seed), batchSize: 8, threads: 1, seed: seed)
            let adam = try Adam(parameters: training.parameterShapes)
            for step in 0..<5 {
                let (images, labels) = try Self.randomBatch(8, seed: 100 + UInt64(step))
                _ = try training.trainStep(images: images, labels: labels)
                adam.step(training.parameters, learningRate: 1e-3)
            }
            return training.parameterTensors()
        }
        let (a, b, c) = (try train(seed: 1), try train(seed: 1), try train(seed: 2))
        for (name, tensor) in a {
            #expect(tensor.scalars.map(\.bitPattern) == b[name]!.scalars.map(\.bitPattern), "\(name)")
        }
        #expect(a["conv1.weight"]!.scalars != c["conv1.weight"]!.scalars)
    }

    /// The short last batch of an epoch is planned into the same buffers and gives the same
    /// gradients as a graph made for that batch size.
    @Test func shortBatchMatchesAGraphOfThatSize() throws {
        let (images, labels) = try Self.randomBatch(3, seed: 21)
        let big = try TrainingGraph(Self.smallNet(), batchSize: 8)
        let small = try TrainingGraph(Self.smallNet(), batchSize: 3)
        let r1 = try big.trainStep(images: images, labels: labels)
        let r2 = try small.trainStep(images: images, labels: labels)
        #expect(r1 == r2)
        for (p, q) in zip(big.parameters, small.parameters) {
            #expect(Array(UnsafeBufferPointer(start: p.gradient, count: p.count)) == Array(UnsafeBufferPointer(start: q.gradient, count: q.count)), "\(p.name)")
        }
    }

    /// Eval mode through the training kernels equals the inference engine (BatchNorm folded,
    /// activations fused: different code) on the trained graph.
    @Test func evalModeMatchesInference() throws {
        let training = try TrainingGraph(Self.smallNet(), batchSize: 4)
        let adam = try Adam(parameters: training.parameterShapes)
        for step in 0..<3 {
            let (images, labels) = try Self.randomBatch(4, seed: 40 + UInt64(step))
            _ = try training.trainStep(images: images, labels: labels)
            adam.step(training.parameters, learningRate: 0.01)
        }
        let (images, labels) = try Self.randomBatch(4, seed: 50)
        var predicted = [Int](repeating: -1, count: 4)
        let scored = try training.evaluate(images: images, labels: labels) { predicted[$0] = $1 }
        let trained = try training.trainedGraph()
        #expect(trained.nodes.last!.op is SoftmaxOp)
        let compiled = try trained.compiled()
        var loss = 0.0
        let perImage = images.elementCount / 4
        for n in 0..<4 {
            let image = try Tensor(shape: [1, 1, 8, 8], values: Array(images.scalars[(n * perImage)..<((n + 1) * perImage)]))
            let probabilities = try compiled.run(image).output.scalars
            #expect(predicted[n] == probabilities.indices.max { probabilities[$0] < probabilities[$1] }!)
            loss -= log(Double(probabilities[labels[n]]))
        }
        #expect(abs(loss / 4 - scored.loss) < 1e-4)
    }

    /// Only a final softmax over the classes is left to the loss: one over the batch axis is
    /// part of the network, so the logits it makes are trained through it.
    @Test func onlyAClassSoftmaxIsFusedIntoTheLoss() throws {
        let b = try GraphBuilder(inputShape: [1, 4], seed: 5)
        let fc = try b.linear(b.input, 3, name: "fc")
        let classSoftmax = try TrainingGraph(b.build(outputs: [b.softmax(fc, name: "probs")]), batchSize: 2)
        #expect(classSoftmax.graph.outputNames == ["fc"])
        let graph = try Graph(inputName: "input", inputShape: [1, 4], nodes: [
            .init(name: "fc", op: LinearOp(weight: Tensor(shape: [3, 4], repeating: 0.1), bias: nil), inputs: ["input"]),
            .init(name: "over_batch", op: SoftmaxOp(axis: 0), inputs: ["fc"]),
        ], outputs: ["over_batch"])
        #expect(try TrainingGraph(graph, batchSize: 2).graph.outputNames == ["over_batch"])
    }

    @Test func untrainableNodeIsNamed() throws {
        let graph = try Graph(inputName: "input", inputShape: [1, 3], nodes: [
            .init(name: "fc", op: LinearOp(weight: Tensor(shape: [3, 3]), bias: nil), inputs: ["input"]),
            .init(name: "swap", op: TransposeOp(perm: [1, 0]), inputs: ["fc"]),
        ], outputs: ["swap"])
        do {
            _ = try TrainingGraph(graph, batchSize: 3)
            Issue.record("a Transpose node trained")
        } catch let error as StrataError {
            #expect(error.description.contains("node 'swap' (Transpose) has no backward pass"), "\(error)")
        }
    }

    @Test func badBatchesAreRefused() throws {
        let training = try TrainingGraph(Self.smallNet(), batchSize: 4)
        let (images, labels) = try Self.randomBatch(5, seed: 1)
        #expect(throws: StrataError.self) { try training.trainStep(images: images, labels: labels) }
        let (four, fourLabels) = try Self.randomBatch(4, seed: 1)
        #expect(throws: StrataError.self) { try training.trainStep(images: four, labels: Array(fourLabels.prefix(3))) }
        #expect(throws: StrataError.self) { try training.trainStep(images: four, labels: [0, 1, 2, 10]) }
        let (wrongSize, _) = try Self.randomBatch(4, seed: 1, size: 9)
        #expect(throws: StrataError.self) { try training.trainStep(images: wrongSize, labels: fourLabels) }
    }

    /// A steady-state step makes no tensors (its buffers were planned when the graph was made).
    @Test func stepAllocatesNoTensors() throws {
        let training = try TrainingGraph(Self.smallNet(), batchSize: 4)
        let adam = try Adam(parameters: training.parameterShapes)
        let (images, labels) = try Self.randomBatch(4, seed: 2)
        _ = try training.trainStep(images: images, labels: labels)
        let count = try AllocationCounter.tensorAllocations {
            for _ in 0..<3 {
                _ = try training.trainStep(images: images, labels: labels)
                adam.step(training.parameters, learningRate: 1e-3)
            }
        }
        #expect(count == 0)
    }
}
