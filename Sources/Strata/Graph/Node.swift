/// A handle to a node of a graph under construction; builder calls take and return them.
public struct NodeID: Hashable, Sendable {
    /// Position of the node in the builder's node list (the later ``Graph/nodes`` index).
    public let index: Int
}

/// One node of a ``Graph``: a named op applied to earlier nodes' outputs.
public struct Node: Sendable {
    /// The node's name, unique in its graph: what `capturing:`, `keeping:` and the summary use.
    public let name: String
    /// What the node computes.
    public let op: any GraphOp
    /// Indices of the producing nodes, in the op's input order.
    public let inputs: [Int]
    /// The output shape, inferred when the node was added.
    public let outputShape: Shape
}

extension Node {
    /// Elements of the op's learned parameters (running statistics excluded).
    public var learnedParameterCount: Int {
        op.parameters.filter { !op.statisticNames.contains($0.name) }.reduce(0) { $0 + $1.value.elementCount }
    }
}
