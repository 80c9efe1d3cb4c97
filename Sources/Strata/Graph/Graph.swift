/// A validated DAG of named nodes in topological order, with every shape inferred.
///
/// Node 0 is the graph input. Build one with ``GraphBuilder`` (natural for code) or
/// ``init(inputName:inputShape:nodes:outputs:)`` from a list of specs (for importers):
/// both check unique names, dangling inputs and cycles, and infer shapes node by node.
public struct Graph: Sendable {
    public let nodes: [Node]
    /// Indices of the graph outputs (the result of ``GraphRunner/run(_:capturing:)``
    /// is the first one).
    public let outputs: [Int]

    public var input: Node { nodes[0] }

    /// A node described by names, for building a graph from a list.
    public struct NodeSpec: Sendable {
        public var name: String
        public var op: any GraphOp
        public var inputs: [String]
        public init(name: String, op: any GraphOp, inputs: [String]) {
            self.name = name
            self.op = op
            self.inputs = inputs
        }
    }

    init(validatedNodes nodes: [Node], outputs: [Int]) {
        self.nodes = nodes
        self.outputs = outputs
    }

    /// Validates and topologically sorts `specs`, inferring every shape. Collects all
    /// structural problems (duplicate names, unknown inputs, cycles) into one error.
    public init(inputName: String, inputShape: Shape, nodes specs: [NodeSpec], outputs: [String]) throws {
        var problems: [String] = []
        var seen: Set<String> = [inputName]
        for spec in specs where !seen.insert(spec.name).inserted {
            problems.append("duplicate node name '\(spec.name)'")
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

        // Kahn's algorithm: repeatedly take the nodes whose inputs are all placed.
        var placed: [String: Int] = [inputName: 0]
        var ordered = [Node(name: inputName, op: InputOp(shape: inputShape), inputs: [], outputShape: inputShape)]
        var pending = specs
        while !pending.isEmpty {
            let ready = pending.filter { $0.inputs.allSatisfy { placed[$0] != nil } }
            guard !ready.isEmpty else {
                throw GraphError.invalidStructure(
                    ["cycle through nodes " + pending.map { "'\($0.name)'" }.joined(separator: ", ")])
            }
            for spec in ready {
                let inputs = spec.inputs.map { placed[$0]! }
                let shape = try Graph.inferShape(name: spec.name, op: spec.op, inputShapes: inputs.map { ordered[$0].outputShape })
                placed[spec.name] = ordered.count
                ordered.append(Node(name: spec.name, op: spec.op, inputs: inputs, outputShape: shape))
            }
            let readyNames = Set(ready.map(\.name))
            pending.removeAll { readyNames.contains($0.name) }
        }
        self.init(validatedNodes: ordered, outputs: outputs.map { placed[$0]! })
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
    public func index(of name: String) throws -> Int {
        guard let index = nodes.firstIndex(where: { $0.name == name }) else {
            throw GraphError.unknownNode("no node named '\(name)'")
        }
        return index
    }

    /// Every parameter, named `node.parameter` (for example `conv1.weight`).
    public var namedParameters: [(name: String, value: Tensor)] {
        nodes.flatMap { node in node.op.parameters.map { ("\(node.name).\($0.name)", $0.value) } }
    }

    /// Learned parameters, as PyTorch counts them (running statistics excluded).
    public var parameterCount: Int { nodes.reduce(0) { $0 + $1.learnedParameterCount } }
}

/// The graph's input placeholder. It is never executed: the runner binds the user's tensor.
struct InputOp: GraphOp {
    let shape: Shape
    var opName: String { "Input" }
    func outputShape(for inputs: [Shape]) throws -> Shape { shape }
    func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan { NoOpPlan() }
    func reference(inputs: [Tensor]) throws -> Tensor { inputs[0] }
}

struct NoOpPlan: OpPlan {
    func execute(inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
                 workspace: UnsafeMutablePointer<Float>?) {}
}
