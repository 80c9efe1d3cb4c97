/// Inference-time graph rewrites. Each pass returns a new graph that computes the same
/// function (tests check this against the unoptimized graph on random weights).
enum GraphPasses {
    /// Merges each producer→consumer pair for which `rule` returns a merged op, when the
    /// consumer's only input is the producer, the producer has no other consumer, and the
    /// producer's own output is not needed (not a graph output, not kept as a feature map).
    /// The merged node takes the consumer's name, since it produces the consumer's output.
    static func mergePairs(
        _ graph: Graph, keeping: Set<String>, rule: (any GraphOp, any GraphOp) throws -> (any GraphOp)?
    ) throws -> Graph {
        var consumers = [Int](repeating: 0, count: graph.nodes.count)
        for node in graph.nodes { for input in node.inputs { consumers[input] += 1 } }
        let outputSet = Set(graph.outputs)

        var removed = Set<Int>()
        var replacement: [Int: Node] = [:]
        for (index, node) in graph.nodes.enumerated() where node.inputs.count == 1 {
            let producerIndex = node.inputs[0]
            let producer = graph.nodes[producerIndex]
            guard !producer.isInput, !removed.contains(producerIndex), replacement[producerIndex] == nil,
                  consumers[producerIndex] == 1, !outputSet.contains(producerIndex),
                  !keeping.contains(producer.name),
                  let merged = try rule(producer.op, node.op)
            else { continue }
            removed.insert(producerIndex)
            replacement[index] = Node(name: node.name, op: merged, inputs: producer.inputs, outputShape: node.outputShape)
        }
        return reindexed(graph, removing: removed, replacing: replacement)
    }

    /// Folds BatchNorm (or any per-channel affine op) into the convolution before it.
    static func foldBatchNorm(_ graph: Graph, keeping: Set<String>) throws -> Graph {
        try mergePairs(graph, keeping: keeping) { producer, consumer in
            guard let foldable = producer as? any BatchNormFoldable, let affine = consumer as? any ChannelAffine else {
                return nil
            }
            let (scale, shift) = affine.channelScaleAndShift
            return try foldable.folding(scale: scale, shift: shift)
        }
    }

    /// Fuses an activation into the epilogue of the convolution or linear op before it.
    static func fuseActivations(_ graph: Graph, keeping: Set<String>) throws -> Graph {
        try mergePairs(graph, keeping: keeping) { producer, consumer in
            guard let fusable = producer as? any ActivationFusable, let activation = consumer as? any ActivationLike else {
                return nil
            }
            return fusable.fusing(activation.activation)
        }
    }

    /// Replaces every convolution with `configure(conv, inputShape)`: its planning choices
    /// (``CompileOptions/convolutionAlgorithm``, workspace budget, tuning).
    static func configureConvolutions(_ graph: Graph, _ configure: (ConvOp, Shape) throws -> ConvOp) rethrows -> Graph {
        var replacing: [Int: Node] = [:]
        for (index, node) in graph.nodes.enumerated() {
            guard let conv = node.op as? ConvOp else { continue }
            let configured = try configure(conv, graph.nodes[node.inputs[0]].outputShape)
            replacing[index] = Node(name: node.name, op: configured, inputs: node.inputs, outputShape: node.outputShape)
        }
        return reindexed(graph, removing: [], replacing: replacing)
    }

    /// The graph without `removing`, with `replacing` swapped in, indices renumbered.
    static func reindexed(_ graph: Graph, removing: Set<Int>, replacing: [Int: Node]) -> Graph {
        var newIndex = [Int](repeating: -1, count: graph.nodes.count)
        var nodes: [Node] = []
        for (index, node) in graph.nodes.enumerated() where !removing.contains(index) {
            let source = replacing[index] ?? node
            newIndex[index] = nodes.count
            // A removed producer's consumer was replaced with the producer's inputs, which
            // are never removed themselves (a removed node has exactly one consumer).
            nodes.append(Node(name: source.name, op: source.op, inputs: source.inputs.map { newIndex[$0] },
                              outputShape: source.outputShape))
        }
        return Graph(validatedNodes: nodes, outputs: graph.outputs.map { newIndex[$0] })
    }
}
