import Strata

extension Graph {
    /// The graph as training runs it: the input's batch dimension set to `batch`, shapes
    /// inferred again, and a final Softmax over the last axis left out (the loss applies it,
    /// fused).
    /// - Throws: `GraphError` when a node's shape does not follow from the new batch.
    func trainable(batch: Int) throws -> Graph {
        var output = outputs[0]
        // Only a softmax over the classes (the last axis) is the loss's own; another axis
        // stays a layer of the network.
        if let softmax = nodes[output].op as? SoftmaxOp, nodes[output].inputs.count == 1,
           (try? nodes[output].outputShape.resolve(axis: softmax.axis)) == nodes[output].outputShape.rank - 1 {
            output = nodes[output].inputs[0]
        }
        let input = nodes[inputs[0]]
        let shape = try Shape([batch] + input.outputShape.dimensions.dropFirst())
        // Nodes after the logits (the Softmax) are dropped by not reaching them: only the
        // nodes the new output depends on are kept.
        var needed = Set([output])
        for index in nodes.indices.reversed() where needed.contains(index) { needed.formUnion(nodes[index].inputs) }
        let specs = nodes.indices.filter { needed.contains($0) && !nodes[$0].isInput }.map { index in
            NodeSpec(name: nodes[index].name, op: nodes[index].op, inputs: nodes[index].inputs.map { nodes[$0].name })
        }
        return try Graph(inputs: [(input.name, shape)], nodes: specs, outputs: [nodes[output].name])
    }
}
