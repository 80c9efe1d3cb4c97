import Strata

/// A graph compiled for training: forward in train or eval mode, softmax cross-entropy,
/// backward, and the parameters and gradients an ``Optimizer`` updates.
///
/// Built from any `Graph` whose nodes are all `TrainableOp`s (the builders' layers, see
/// Docs/Training.md). A graph ending in a Softmax over classes is trained on the Softmax's
/// input (its logits) with the fused ``SoftmaxCrossEntropy``, as PyTorch's
/// `CrossEntropyLoss` takes logits; ``trainedGraph()`` gives the Softmax back.
///
/// Every buffer (node values and gradients, what each node saves for its backward pass,
/// parameters, gradients, shared scratch) is allocated once, for the largest batch, when
/// the graph is made; a step allocates nothing. A smaller batch (the last of an epoch) is
/// planned once, on first use, into the same buffers.
///
/// ```swift
/// let training = try TrainingGraph(SeedNet.make(), batchSize: 64, threads: 1, seed: 0)
/// let adam = try Adam(parameters: training.parameterShapes)
/// let result = try training.trainStep(images: batch.images, labels: batch.labels)
/// adam.step(training.parameters, learningRate: 1e-3)
/// ```
public final class TrainingGraph {
    /// The graph trained, at the training batch size and ending at the logits.
    public let graph: Graph
    /// The graph as given (its batch size, its final Softmax): what ``trainedGraph()`` returns
    /// with the trained parameters.
    public let originalGraph: Graph
    /// The largest batch a step takes.
    public let batchSize: Int
    /// Classes of the logits (the last dimension of the trained graph's output).
    public let classes: Int
    /// The learned parameters in graph order, with PyTorch-style names (`conv1.weight`).
    public private(set) var parameters: [ParameterBuffer] = []
    /// Names and shapes of ``parameters``, what optimizers are created with.
    public var parameterShapes: [(name: String, shape: Shape)] { parameters.map { ($0.name, $0.shape) } }

    let context: ExecutionContext
    /// Threads the kernels run on (the requested count clamped to the cores).
    public var threadCount: Int { context.threads }
    let seed: UInt64
    /// Training steps taken (it seeds dropout masks); set it when resuming from a checkpoint
    /// so the run continues with the masks the uninterrupted run would have drawn.
    public var stepCount: UInt64 = 0
    private let layout: TrainingLayout
    var layoutParameters: [TrainingLayout.ParameterSlot] { layout.allParameters }
    private var plans: [Int: [TrainingNodePlan]] = [:]

    /// Compiles `graph` for training.
    /// - Parameters:
    ///   - graph: a single-input graph; its batch dimension (axis 0) is replaced by `batchSize`.
    ///   - batchSize: the largest batch of a step, >= 1.
    ///   - threads: threads of the kernels (clamped to the cores); one thread gives
    ///     bit-identical results for the same inputs and seed.
    ///   - seed: seeds the random parts of a forward pass (dropout masks).
    /// - Throws: `StrataError` when the graph has several inputs, a node is not trainable
    ///   (naming it and its op), or the buffers exceed `MemoryLimit`.
    public init(_ graph: Graph, batchSize: Int, threads: Int = 1, seed: UInt64 = 0) throws {
        guard batchSize >= 1 else { throw StrataError.invalidArgument("batch size must be >= 1, got \(batchSize)") }
        guard graph.inputs.count == 1 else {
            throw StrataError.invalidArgument("training takes a graph with one input; this one has \(graph.inputs.count): \(graph.inputNames.joined(separator: ", "))")
        }
        originalGraph = graph
        self.graph = try graph.trainable(batch: batchSize)
        self.batchSize = batchSize
        self.seed = seed
        context = try ExecutionContext(threads: threads)
        let logits = self.graph.nodes[self.graph.outputs[0]].outputShape
        guard logits.rank == 2, logits[1] >= 1 else {
            throw StrataError.invalidShape("training needs logits [batch, classes]; '\(self.graph.outputNames[0])' gives \(logits)")
        }
        classes = logits[1]
        let fullPlans = try Self.plan(self.graph, workers: context.threads)
        layout = try TrainingLayout(graph: self.graph, plans: fullPlans)
        plans[batchSize] = fullPlans
        parameters = layout.parameterBuffers(graph: self.graph)
    }

    /// One training step's forward pass, loss and backward pass on a batch; the gradients
    /// are then in ``parameters`` for an optimizer. BatchNorm running statistics are updated.
    /// - Parameters:
    ///   - images: `[b, ...]` with `b <= batchSize` and the graph's other input dimensions.
    ///   - labels: `b` class indices in `0..<classes`.
    /// - Returns: the batch's mean loss and how many it classified right (before the update).
    /// - Throws: `StrataError` for a wrong image shape, label count or label value.
    public func trainStep(images: Tensor, labels: [Int]) throws -> SoftmaxCrossEntropy.Result {
        let nodePlans = try plans(for: images, labels: labels)
        stepCount += 1
        return context.perform {
            layout.bindInput(images)
            runForward(nodePlans, mode: .train)
            let result = labels.withUnsafeBufferPointer {
                SoftmaxCrossEntropy.evaluate(
                    logits: layout.value(graph.outputs[0]), labels: $0, classes: classes,
                    gradient: layout.gradient(graph.outputs[0]))
            }
            runBackward(nodePlans)
            return result
        }
    }

    /// Scores a batch in eval mode (running statistics, no dropout); nothing is updated.
    /// - Returns: the mean loss and the correct count; `predictions` gets the arg-max class
    ///   of each image when given.
    /// - Throws: as ``trainStep(images:labels:)``.
    public func evaluate(images: Tensor, labels: [Int], predictions: ((Int, Int) -> Void)? = nil) throws -> SoftmaxCrossEntropy.Result {
        let nodePlans = try plans(for: images, labels: labels)
        return context.perform {
            layout.bindInput(images)
            runForward(nodePlans, mode: .eval)
            let logits = layout.value(graph.outputs[0])
            if let predictions {
                for b in 0..<labels.count {
                    let row = logits + b * classes
                    var best = 0
                    for c in 1..<classes where row[c] > row[best] { best = c }
                    predictions(b, best)
                }
            }
            return labels.withUnsafeBufferPointer {
                SoftmaxCrossEntropy.evaluate(logits: logits, labels: $0, classes: classes, gradient: nil)
            }
        }
    }

    private func runForward(_ nodePlans: [TrainingNodePlan], mode: TrainingMode) {
        for node in nodePlans {
            layout.forward(node, mode: mode, randomSeed: Self.mix(seed, stepCount, UInt64(node.index)))
        }
    }

    private func runBackward(_ nodePlans: [TrainingNodePlan]) {
        layout.beginBackward()
        layout.markTouched(graph.outputs[0])  // the loss wrote it
        for node in nodePlans.reversed() { layout.backward(node, context: context) }
    }

    /// The plans for this batch's size, made on first use; checks the batch first.
    private func plans(for images: Tensor, labels: [Int]) throws -> [TrainingNodePlan] {
        let expected = graph.input.outputShape.dimensions.dropFirst()
        let b = images.shape.rank > 0 ? images.shape[0] : 0
        guard images.shape.rank == expected.count + 1, Array(images.shape.dimensions.dropFirst()) == Array(expected),
              (1...batchSize).contains(b) else {
            throw StrataError.shapeMismatch(
                "input '\(graph.inputNames[0])' expects [b, \(expected.map(String.init).joined(separator: ", "))] with 1 <= b <= \(batchSize), got \(images.shape)")
        }
        guard labels.count == b else {
            throw StrataError.shapeMismatch("\(b) images but \(labels.count) labels")
        }
        if let bad = labels.first(where: { !(0..<classes).contains($0) }) {
            throw StrataError.invalidArgument("label \(bad) is outside 0..<\(classes)")
        }
        if let cached = plans[b] { return cached }
        let made = try Self.plan(graph.trainable(batch: b), workers: context.threads)
        try layout.checkFits(made, batch: b)
        plans[b] = made
        return made
    }

    private static func plan(_ graph: Graph, workers: Int) throws -> [TrainingNodePlan] {
        try graph.nodes.indices.compactMap { index -> TrainingNodePlan? in
            let node = graph.nodes[index]
            if node.isInput { return nil }
            guard let op = node.op as? any TrainableOp else {
                throw StrataError.invalidArgument("node '\(node.name)' (\(node.op.opName)) has no backward pass, so this graph cannot be trained")
            }
            let plan = try op.trainingPlan(inputs: node.inputs.map { graph.nodes[$0].outputShape }, output: node.outputShape, workers: workers)
            return TrainingNodePlan(
                index: index, inputs: node.inputs, outputCount: node.outputShape.elementCount,
                inputCounts: node.inputs.map { graph.nodes[$0].outputShape.elementCount }, plan: plan)
        }
    }

    /// SplitMix64 finalizer over the three words: a per-node, per-step seed.
    static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        var z = a &+ 0x9E37_79B9_7F4A_7C15 &* (b &+ 1) &+ 0xBF58_476D_1CE4_E5B9 &* (c &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One node's compiled training plan and where its inputs come from.
struct TrainingNodePlan {
    let index: Int
    let inputs: [Int]
    /// Elements of the output and of each input at this plan's batch size.
    let outputCount: Int
    let inputCounts: [Int]
    let plan: any TrainingPlan
}
