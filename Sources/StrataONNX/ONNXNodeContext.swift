import Strata

/// What an op converter sees of its node: inputs as activations (with their planned
/// shapes) or constants, the attributes, and the calls that emit Strata nodes or folded
/// constants. Converters throw ``NodeIssue`` for anything they cannot import.
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
    var opType: String { node.opType }
    /// The node's first output (the name of the Strata node it usually becomes).
    var output: String { node.output.first ?? "" }
    /// How many inputs the node lists (skipped optional ones included, as "").
    var inputCount: Int { node.input.count }

    /// Whether input `index` is given (ONNX marks a skipped optional input with "").
    func has(_ index: Int) -> Bool { index < node.input.count && !node.input[index].isEmpty }

    /// Whether output `index` is wanted (listed and not "").
    func wants(output index: Int) -> Bool { index < node.output.count && !node.output[index].isEmpty }

    func name(_ index: Int) throws -> String {
        guard has(index) else { throw NodeIssue("input \(index) is missing; \(node.opType) needs it") }
        return node.input[index]
    }

    func isConstant(_ index: Int) -> Bool { has(index) && graph.constants[node.input[index]] != nil }

    /// True when every given input is a constant (the node can fold).
    var allInputsConstant: Bool { node.input.indices.allSatisfy { !has($0) || isConstant($0) } }

    /// Input `index` as a constant; `what` names it in the error ("weight", "shape").
    func constant(_ index: Int, _ what: String) throws -> ONNXConstant {
        let name = try name(index)
        guard let value = graph.constants[name] else {
            if let failed = graph.carriedOn[name] {
                throw NodeIssue("input \(index) ('\(name)', the \(what)) is not known at import: node '\(failed)' that computes it failed (see above)")
            }
            throw NodeIssue("input \(index) ('\(name)', the \(what)) is computed at run time from the graph input; "
                + "Strata needs it to be a constant (an initializer, or foldable from constants and shapes)")
        }
        return value
    }

    /// Input `index` as a Strata tensor (a constant weight).
    func tensor(_ index: Int, _ what: String) throws -> Tensor { try constant(index, what).tensor() }

    /// Input `index` as a graph node name. A constant becomes a ``ConstantOp`` node (once).
    func activation(_ index: Int) throws -> String {
        let name = try name(index)
        if graph.shapes[name] != nil { return name }
        return try graph.emitConstant(name, constant(index, "operand"))
    }

    /// The shape of input `index` (an activation's planned shape, or a constant's dims).
    func shape(_ index: Int) throws -> Shape {
        let name = try name(index)
        if let shape = graph.shapes[name] { return shape }
        let dims = try constant(index, "operand").dims
        do { return try Shape(dims) } catch { throw NodeIssue("input \(index) ('\(name)') has dims \(dims): \(error)") }
    }

    /// Adds a Strata node computing `op` on `inputs` (graph node names); its name is the
    /// node's first output unless `name` is given (another output, or an intermediate of a
    /// decomposed op).
    @discardableResult
    func emit(_ op: any GraphOp, inputs: [String], name: String? = nil) throws -> String {
        let name = name ?? output
        let inputShapes = inputs.map { graph.shapes[$0]! }
        let shape: Shape
        do {
            shape = try op.outputShape(for: inputShapes)
        } catch let error as StrataError {
            throw NodeIssue("\(op.opName) on input shapes \(inputShapes.map(\.description).joined(separator: ", ")): \(error)")
        }
        graph.specs.append(Graph.NodeSpec(name: name, op: op, inputs: inputs))
        graph.shapes[name] = shape
        return name
    }

    /// Records the node's first output as a constant (folded at import).
    func fold(_ value: ONNXConstant) { graph.constants[output] = value }

    /// Records the node's outputs as constants, in order (empty output names skipped).
    func fold(_ values: [ONNXConstant]) {
        for (name, value) in zip(node.output, values) where !name.isEmpty { graph.constants[name] = value }
    }

    /// Throws unless input `index` is absent: it only exists from opset `since`.
    func requireAbsent(input index: Int, since: Int, _ what: String) throws {
        if has(index) && opset < since {
            throw NodeIssue("\(opType) takes \(what) as input \(index) from opset \(since); the model imports opset \(opset)")
        }
    }

    /// Throws for a negative axis before opset 11, where the spec allowed none.
    func requireNonNegativeBeforeOpset11(_ axis: Int, _ what: String = "axis") throws {
        if axis < 0 && opset < 11 {
            throw NodeIssue("\(what) \(axis) is negative; \(opType) accepts negative axes from opset 11 (the model imports opset \(opset))")
        }
    }

    /// Resolves a possibly negative axis against `rank`.
    func axis(_ axis: Int, rank: Int, _ what: String = "axis") throws -> Int {
        do { return try Shape.resolve(axis: axis, rank: rank, what) } catch { throw NodeIssue("\(error)") }
    }
}
