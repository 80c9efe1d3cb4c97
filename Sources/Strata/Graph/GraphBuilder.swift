/// Builds a ``Graph`` one call at a time. Every call returns the new node's handle, so a
/// plain stack reads top to bottom and branches are just handles used twice:
///
/// ```swift
/// let b = try GraphBuilder(inputShape: [1, 3, 32, 32], seed: 1)
/// var x = try b.conv(b.input, 16, kernel: 3, padding: .same, name: "stem")
/// x = try b.relu(x)
/// let branch = try b.conv(x, 16, kernel: 3, padding: .same)
/// x = try b.relu(b.add(x, branch))                  // a residual
/// let graph = try b.build(outputs: [x])
/// ```
///
/// Shapes are inferred as nodes are added: a wrong shape fails at that call with a
/// ``GraphError`` naming the node, its input shapes and what the op expected.
/// Parameters are drawn from the builder's seeded generator (He for convolutions).
public final class GraphBuilder {
    private var nodes: [Node]
    private var names: Set<String>
    private var autoNameCounts: [String: Int] = [:]
    /// Seeded generator for parameter initialization.
    public var generator: SeededGenerator

    /// The graph input.
    public let input: NodeID

    /// A builder whose graph starts with one input node.
    /// - Parameters:
    ///   - inputName: the input node's name.
    ///   - inputShape: the input's shape, such as `[1, 3, 224, 224]` (NCHW).
    ///   - seed: seeds ``generator``, so the same calls give the same weights on every machine.
    /// - Throws: ``StrataError`` for a shape of rank above 8 or a negative dimension.
    public init(inputName: String = "input", inputShape: [Int], seed: UInt64 = 0) throws {
        let shape = try Shape(inputShape)
        nodes = [Node(name: inputName, op: InputOp(shape: shape), inputs: [], outputShape: shape)]
        names = [inputName]
        generator = SeededGenerator(seed: seed)
        input = NodeID(index: 0)
    }

    /// Adds another graph input (the first comes from `init`); returns its handle.
    public func addInput(name: String, shape dimensions: [Int]) throws -> NodeID {
        let shape = try Shape(dimensions)
        guard !names.contains(name) else { throw GraphError.invalidStructure(["duplicate node name '\(name)'"]) }
        names.insert(name)
        nodes.append(Node(name: name, op: InputOp(shape: shape), inputs: [], outputShape: shape))
        return NodeID(index: nodes.count - 1)
    }

    /// The inferred output shape of a node.
    public func shape(of node: NodeID) -> Shape { nodes[node.index].outputShape }

    /// The name of a node.
    public func name(of node: NodeID) -> String { nodes[node.index].name }

    /// Adds `op` reading `inputs`. Without a name, one is made from the op's name and a
    /// counter (`conv2d_3`).
    @discardableResult
    public func add(_ op: any GraphOp, _ inputs: [NodeID], name: String? = nil) throws -> NodeID {
        let nodeName = name ?? autoName(for: op.opName)
        guard !names.contains(nodeName) else {
            throw GraphError.invalidStructure(["duplicate node name '\(nodeName)'"])
        }
        for input in inputs where !nodes.indices.contains(input.index) {
            throw GraphError.invalidStructure(["node '\(nodeName)' reads node #\(input.index), which does not exist"])
        }
        let shape = try Graph.inferShape(name: nodeName, op: op, inputShapes: inputs.map { nodes[$0.index].outputShape })
        names.insert(nodeName)
        nodes.append(Node(name: nodeName, op: op, inputs: inputs.map(\.index), outputShape: shape))
        return NodeID(index: nodes.count - 1)
    }

    /// Throws ``StrataError/memoryLimit(_:)`` before a parameter tensor of `dimensions` is
    /// drawn when it alone would not fit ``MemoryLimit/bytes`` (the limit is per tensor and
    /// per plan): a VGG classifier for a huge input size would otherwise abort in the
    /// allocator.
    func checkParameter(_ dimensions: [Int], node: String) throws {
        var count = 1
        for d in dimensions {
            let (product, overflow) = count.multipliedReportingOverflow(by: max(d, 0))
            count = overflow ? .max : product
        }
        try MemoryLimit.check(floats: count, "the weight tensor \(dimensions) of node '\(node)'")
    }

    /// The finished graph. Outputs default to the last node added.
    public func build(outputs: [NodeID] = []) throws -> Graph {
        let chosen = outputs.isEmpty ? [NodeID(index: nodes.count - 1)] : outputs
        // Nodes are appended only after their inputs exist, so the order is topological.
        return Graph(validatedNodes: nodes, outputs: chosen.map(\.index))
    }

    private func autoName(for opName: String) -> String {
        let base = opName.lowercased().filter { $0.isLetter || $0.isNumber }
        while true {
            autoNameCounts[base, default: 0] += 1
            let candidate = "\(base)_\(autoNameCounts[base]!)"
            if !names.contains(candidate) { return candidate }
        }
    }
}
