import Strata

/// What an op converter sees of its node: inputs as activations or constants, the
/// attributes, and the calls that emit Strata nodes. Converters throw ``NodeIssue`` for
/// anything they cannot import.
final class ONNXNodeContext {
    let node: Onnx_NodeProto
    let graph: ONNXGraphImport
    var attributes: ONNXAttributes

    init(node: Onnx_NodeProto, graph: ONNXGraphImport) {
        self.node = node
        self.graph = graph
        attributes = ONNXAttributes(node.attribute)
    }

    var opset: Int { graph.opset }
    var output: String { node.output.first ?? "" }

    /// Whether input `index` is given (ONNX marks a skipped optional input with "").
    func has(_ index: Int) -> Bool { index < node.input.count && !node.input[index].isEmpty }

    func name(_ index: Int) throws -> String {
        guard has(index) else { throw NodeIssue("input \(index) is missing; \(node.opType) needs it") }
        return node.input[index]
    }

    func isConstant(_ index: Int) -> Bool { has(index) && graph.constants[node.input[index]] != nil }

    /// Input `index` as a constant; `what` names it in the error ("weight", "bias").
    func constant(_ index: Int, _ what: String) throws -> ONNXConstant {
        let name = try name(index)
        guard let value = graph.constants[name] else {
            throw NodeIssue("input \(index) ('\(name)', the \(what)) is computed at run time; Strata needs it to be a constant (an initializer)")
        }
        return value
    }

    /// Input `index` as a Strata tensor (a constant weight).
    func tensor(_ index: Int, _ what: String) throws -> Tensor { try constant(index, what).tensor() }

    /// Input `index` as a graph node name. A constant becomes a ``ConstantOp`` node (once).
    func activation(_ index: Int) throws -> String {
        let name = try name(index)
        if graph.shapes[name] != nil { return name }
        let value = try constant(index, "operand")
        if !graph.emittedConstants.contains(name) {
            let tensor = try value.tensor()
            graph.specs.append(Graph.NodeSpec(name: name, op: ConstantOp(tensor), inputs: []))
            graph.shapes[name] = tensor.shape
            graph.emittedConstants.insert(name)
        }
        return name
    }

    /// The shape of input `index` (an activation, or a constant as a tensor would have it).
    func shape(_ index: Int) throws -> Shape {
        let name = try name(index)
        if let shape = graph.shapes[name] { return shape }
        return try constant(index, "operand").tensor().shape
    }

    /// Adds a Strata node computing `op` on `inputs` (graph node names); its name is the
    /// node's first output unless `name` is given (an intermediate of a decomposed op).
    @discardableResult
    func emit(_ op: any GraphOp, inputs: [String], name: String? = nil) throws -> String {
        let name = name ?? output
        let shape: Shape
        do {
            shape = try op.outputShape(for: inputs.map { graph.shapes[$0]! })
        } catch let error as StrataError {
            throw NodeIssue("\(op.opName) on input shapes \(inputs.map { graph.shapes[$0]! }): \(error)")
        }
        graph.specs.append(Graph.NodeSpec(name: name, op: op, inputs: inputs))
        graph.shapes[name] = shape
        return name
    }

    /// Records the node's output as a constant (a folded shape computation).
    func fold(_ value: ONNXConstant) { graph.constants[output] = value }

    /// Resolves a possibly negative axis against `rank`.
    func axis(_ axis: Int, rank: Int, _ what: String = "axis") throws -> Int {
        guard (-rank..<rank).contains(axis) else {
            throw NodeIssue("\(what) \(axis) is out of range for rank \(rank); expected \(-rank)...\(rank - 1)")
        }
        return axis < 0 ? axis + rank : axis
    }
}
