extension GraphPasses {
    /// Fuses the layer norm exporters write out op by op (PyTorch's `F.layer_norm` through
    /// older exporters, TF/Keras, hand-written transformer blocks):
    ///
    ///     m = ReduceMean(x, axes: last k, keepdims)   d = Sub(x, m)
    ///     v = ReduceMean(Pow(d, 2) or Mul(d, d), same axes, keepdims)
    ///     y = Div(d, Sqrt(Add(v, ε)))   [then Mul(y, γ)]   [then Add(·, β)]
    ///
    /// into one ``LayerNormOp`` on x with axis rank − k (γ and β constants broadcast to the
    /// normalized shape, ε a constant scalar). Every intermediate must feed only the pattern
    /// and be neither a graph output nor kept; the fused node takes the last node's name.
    /// The square is `BinaryOp(.pow)` with a constant exponent of 2, or `Mul(d, d)`; the
    /// root is `ActivationOp(.sqrt)`.
    static func fuseLayerNorm(_ graph: Graph, keeping: Set<String>) throws -> Graph {
        var uses = [Int](repeating: 0, count: graph.nodes.count)
        for node in graph.nodes { for input in node.inputs { uses[input] += 1 } }
        let pinned = Set(graph.outputs).union(graph.nodes.indices.filter { keeping.contains(graph.nodes[$0].name) })
        var removed = Set<Int>()
        var replacement: [Int: Node] = [:]
        for index in graph.nodes.indices where !removed.contains(index) {
            guard var match = LayerNormMatch(graph, division: index, uses: uses, pinned: pinned),
                  match.nodes.isDisjoint(with: removed)
            else { continue }
            match.extendAffine(graph, uses: uses, pinned: pinned)
            let last = graph.nodes[match.last]
            let op = LayerNormOp(axis: match.axis, gamma: match.gamma, beta: match.beta, epsilon: match.epsilon)
            guard last.outputShape == graph.nodes[match.input].outputShape else { continue }
            // Constants that fed only the pattern go with it.
            var constantUses: [Int: Int] = [:]
            for node in match.nodes { for input in graph.nodes[node].inputs where graph.nodes[input].op is ConstantOp {
                constantUses[input, default: 0] += 1
            } }
            let orphans = constantUses.filter { uses[$0.key] == $0.value && !pinned.contains($0.key) }.map(\.key)
            removed.formUnion(match.nodes.subtracting([match.last]))
            removed.formUnion(orphans)
            replacement[match.last] = Node(name: last.name, op: op, inputs: [match.input], outputShape: last.outputShape)
        }
        return reindexed(graph, removing: removed, replacing: replacement)
    }
}

/// One occurrence of the decomposed layer norm, found from its Div.
private struct LayerNormMatch {
    /// x, the first normalized axis, ε.
    let input: Int
    let axis: Int
    let epsilon: Float
    /// Every node of the pattern (constants excluded), and the one producing the result.
    private(set) var nodes: Set<Int>
    private(set) var last: Int
    private(set) var gamma: Tensor?
    private(set) var beta: Tensor?

    init?(_ graph: Graph, division: Int, uses: [Int], pinned: Set<Int>) {
        let n = graph.nodes
        func binary(_ i: Int, _ kind: BinaryOp.Kind) -> Bool { (n[i].op as? BinaryOp)?.kind == kind && n[i].inputs.count == 2 }
        func exclusive(_ i: Int, uses count: Int = 1) -> Bool { uses[i] == count && !pinned.contains(i) }
        func mean(_ i: Int) -> ReduceConfiguration? {
            guard let reduce = n[i].op as? ReduceOp, reduce.configuration.kind == .mean, reduce.configuration.keepDims,
                  n[i].inputs.count == 1 else { return nil }
            return reduce.configuration
        }
        guard binary(division, .div) else { return nil }
        let (d, s) = (n[division].inputs[0], n[division].inputs[1])
        guard (n[s].op as? ActivationOp)?.activation == .sqrt, n[s].inputs.count == 1, exclusive(s) else { return nil }
        let e = n[s].inputs[0]
        guard binary(e, .add), exclusive(e) else { return nil }
        let (a0, a1) = (n[e].inputs[0], n[e].inputs[1])
        guard let (v, epsilon) = Self.scalarOperand(graph, a0, a1) ?? Self.scalarOperand(graph, a1, a0),
              epsilon >= 0, let varianceAxes = mean(v), exclusive(v) else { return nil }
        let p = n[v].inputs[0]
        // The square: Pow(d, 2) or Mul(d, d).
        let squareOfD: Bool
        if binary(p, .mul) {
            squareOfD = n[p].inputs == [d, d]
        } else if binary(p, .pow), n[p].inputs[0] == d, let exponent = n[n[p].inputs[1]].op as? ConstantOp {
            squareOfD = exponent.value.scalars.allSatisfy { $0 == 2 }
        } else {
            squareOfD = false
        }
        guard squareOfD, exclusive(p), binary(d, .sub), exclusive(d, uses: n[p].inputs == [d, d] ? 3 : 2) else { return nil }
        let (x, m) = (n[d].inputs[0], n[d].inputs[1])
        guard let meanAxes = mean(m), exclusive(m), n[m].inputs[0] == x, meanAxes.axes == varianceAxes.axes else { return nil }
        let rank = n[x].outputShape.rank
        guard let first = meanAxes.axes.first, meanAxes.axes == Array(first..<rank) else { return nil }
        (input, axis, self.epsilon) = (x, first, epsilon)
        nodes = [m, d, p, v, e, s, division]
        last = division
    }

    /// Absorbs a following Mul by a constant γ and then an Add of a constant β, each the
    /// only consumer of the node before it.
    mutating func extendAffine(_ graph: Graph, uses: [Int], pinned: Set<Int>) {
        let normalized = Array(graph.nodes[input].outputShape.dimensions[axis...])
        for kind in [BinaryOp.Kind.mul, .add] {
            guard uses[last] == 1, !pinned.contains(last),
                  let next = graph.nodes.indices.first(where: { graph.nodes[$0].inputs.contains(last) }) else { return }
            let inputs = graph.nodes[next].inputs
            guard (graph.nodes[next].op as? BinaryOp)?.kind == kind, inputs.count == 2,
                  let constant = graph.nodes[inputs[0] == last ? inputs[1] : inputs[0]].op as? ConstantOp,
                  let trimmed = Self.droppingLeadingOnes(constant.value, toRank: normalized.count),
                  let value = try? layerNormParameter(trimmed, normalizedShape: normalized, name: "")
            else { continue }   // no scale: a bias may still follow
            if kind == .mul { gamma = value } else { beta = value }
            nodes.insert(next)
            last = next
        }
    }

    /// `tensor` without the leading size-1 axes beyond `rank` (a `[1, W]` bias on a last-axis
    /// norm), or nil when an axis beyond `rank` is not 1 (it would change the output's shape).
    private static func droppingLeadingOnes(_ tensor: Tensor, toRank rank: Int) -> Tensor? {
        let dims = tensor.shape.dimensions
        guard dims.count > rank else { return tensor }
        guard dims.prefix(dims.count - rank).allSatisfy({ $0 == 1 }) else { return nil }
        return try? tensor.reshaped(Array(dims.suffix(rank)))
    }

    /// (the other operand, the constant's value) when `constant` is a one-element ConstantOp.
    private static func scalarOperand(_ graph: Graph, _ other: Int, _ constant: Int) -> (Int, Float)? {
        guard let op = graph.nodes[constant].op as? ConstantOp, op.value.elementCount == 1 else { return nil }
        return (other, op.value.scalars[0])
    }
}
