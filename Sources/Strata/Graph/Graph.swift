/// A validated DAG of named nodes in topological order, with every shape inferred.
///
/// A graph has one or more inputs (placeholder nodes the caller binds to tensors) and one
/// or more outputs. Build one with ``GraphBuilder`` (natural for code) or
/// ``init(inputs:nodes:outputs:)`` from a list of specs (for importers): both check unique
/// names, dangling inputs and cycles, and infer shapes node by node.
public struct Graph: Sendable {
    /// Every node in topological order (inputs and constants included); a node reads only
    /// earlier nodes, so running them in this order is a valid schedule.
    public let nodes: [Node]
    /// Indices of the graph inputs, in the order the graph declares them.
    public let inputs: [Int]
    /// Indices of the graph outputs, in declaration order (``GraphRunner/run(_:capturing:)-(Tensor,_)``
    /// and ``CompiledGraph/run(_:capturing:)-(Tensor,_)`` return the first as `output`).
    public let outputs: [Int]

    /// The first graph input (the only one of a single-input network).
    public var input: Node { nodes[inputs[0]] }

    /// A node described by names, for building a graph from a list.
    public struct NodeSpec: Sendable {
        /// The node's name, unique in the graph (ONNX node output or PyTorch module path, such as `layer1.0.conv1`).
        public var name: String
        /// What the node computes.
        public var op: any GraphOp
        /// The names of the nodes (or graph inputs) it reads, in the op's input order.
        public var inputs: [String]
        /// A node spec; nothing is checked until the graph is built from the list.
        public init(name: String, op: any GraphOp, inputs: [String]) {
            self.name = name
            self.op = op
            self.inputs = inputs
        }
    }

    init(validatedNodes nodes: [Node], outputs: [Int]) {
        self.nodes = nodes
        self.inputs = nodes.indices.filter { nodes[$0].op is InputOp }
        self.outputs = outputs
    }

    /// A single-input graph; see ``init(inputs:nodes:outputs:)``.
    public init(inputName: String, inputShape: Shape, nodes specs: [NodeSpec], outputs: [String]) throws {
        try self.init(inputs: [(inputName, inputShape)], nodes: specs, outputs: outputs)
    }

    /// Validates and topologically sorts `specs`, inferring every shape. Collects all
    /// structural problems (duplicate names, unknown inputs, cycles) into one error.
    /// Specs already in topological order keep their order. Linear in nodes plus edges.
    public init(inputs: [(name: String, shape: Shape)], nodes specs: [NodeSpec], outputs: [String]) throws {
        var problems: [String] = []
        if inputs.isEmpty { problems.append("the graph has no inputs") }
        var seen: Set<String> = []
        for name in inputs.map(\.name) + specs.map(\.name) where !seen.insert(name).inserted {
            problems.append("duplicate node name '\(name)'")
        }
        for spec in specs {
            for input in spec.inputs where !seen.contains(input) {
                problems.append("node '\(spec.name)' reads '\(input)', which no node produces")
            }
        }
        for output in outputs where !seen.contains(output) {
            problems.append("graph output '\(output)' is not a node")
        }
        if outputs.isEmpty { problems.append("the graph has no outputs") }
        guard problems.isEmpty else { throw GraphError.invalidStructure(problems) }

        var ordered = inputs.map { Node(name: $0.name, op: InputOp(shape: $0.shape), inputs: [], outputShape: $0.shape) }
        var placed = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($1.name, $0) })
        for index in try Graph.topologicalOrder(specs, available: Set(placed.keys)) {
            let spec = specs[index]
            let inputIndices = spec.inputs.map { placed[$0]! }
            let shape = try Graph.inferShape(
                name: spec.name, op: spec.op, inputShapes: inputIndices.map { ordered[$0].outputShape })
            placed[spec.name] = ordered.count
            ordered.append(Node(name: spec.name, op: spec.op, inputs: inputIndices, outputShape: shape))
        }
        self.init(validatedNodes: ordered, outputs: outputs.map { placed[$0]! })
    }

    /// Indices of `specs` in an order where every node comes after its inputs: the given
    /// order when it already is one, else Kahn's algorithm (ready nodes in spec order).
    /// Throws naming the nodes on a cycle.
    static func topologicalOrder(_ specs: [NodeSpec], available: Set<String>) throws -> [Int] {
        var known = available
        var inOrder = true
        for spec in specs {
            if !spec.inputs.allSatisfy(known.contains) { inOrder = false; break }
            known.insert(spec.name)
        }
        if inOrder { return Array(specs.indices) }

        let producer = Dictionary(uniqueKeysWithValues: specs.enumerated().map { ($1.name, $0) })
        var waiting = [Int](repeating: 0, count: specs.count)
        var consumers = [[Int]](repeating: [], count: specs.count)
        for (index, spec) in specs.enumerated() {
            for input in spec.inputs {
                guard let source = producer[input] else { continue }   // a graph input
                waiting[index] += 1
                consumers[source].append(index)
            }
        }
        var order = specs.indices.filter { waiting[$0] == 0 }
        var next = 0
        while next < order.count {
            for consumer in consumers[order[next]] {
                waiting[consumer] -= 1
                if waiting[consumer] == 0 { order.append(consumer) }
            }
            next += 1
        }
        guard order.count == specs.count else {
            let stuck = specs.indices.filter { waiting[$0] > 0 }.map { "'\(specs[$0].name)'" }
            throw GraphError.invalidStructure(["cycle through nodes " + abbreviatedList(stuck, separator: ", ")])
        }
        return order
    }

    /// The op's output shape, with its error wrapped to name the node and its inputs.
    static func inferShape(name: String, op: any GraphOp, inputShapes: [Shape]) throws -> Shape {
        do {
            return try op.outputShape(for: inputShapes)
        } catch let error as StrataError {
            throw GraphError.invalidNode(node: name, op: op.opName, inputShapes: inputShapes, reason: error.description)
        }
    }

    /// The index of the node called `name`.
    /// - Throws: ``GraphError/unknownNode(_:)`` saying "no such node" and listing close
    ///   names (``nodeNames(closeTo:limit:)``) when there is none.
    public func index(of name: String) throws -> Int {
        guard let index = nodes.firstIndex(where: { $0.name == name }) else {
            throw unknownNodeError(name)
        }
        return index
    }

    /// The names of the graph inputs, in order.
    public var inputNames: [String] { inputs.map { nodes[$0].name } }
    /// The names of the graph outputs, in order.
    public var outputNames: [String] { outputs.map { nodes[$0].name } }

    /// Every parameter, named `node.parameter` (for example `conv1.weight`).
    public var namedParameters: [(name: String, value: Tensor)] {
        nodes.flatMap { node in node.op.parameters.map { ("\(node.name).\($0.name)", $0.value) } }
    }

    /// Learned parameters, as PyTorch counts them (running statistics excluded).
    public var parameterCount: Int { nodes.reduce(0) { $0 + $1.learnedParameterCount } }
}

/// A graph input placeholder. It is never executed: the runner binds the caller's tensor.
struct InputOp: GraphOp {
    let shape: Shape
    var opName: String { "Input" }
    func outputShape(for inputs: [Shape]) throws -> Shape { shape }
    func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan { KernelPlan.nothing }
}

extension Node {
    /// True for a graph input placeholder.
    public var isInput: Bool { op is InputOp }
}
