import Strata

/// One import of an ONNX graph for concrete input shapes: walks the nodes in file order
/// (ONNX requires topological order), tracks every tensor as an activation (with its
/// planned shape) or a constant, folds what is computable from constants and shapes, lets
/// each op's converter emit Strata node specs, and collects every problem.
///
/// After a node fails, its outputs are "unknown" and its consumers are only checked for
/// being supported at all; where the file's `value_info` gives a failed output's static
/// shape, the import carries on with it as if the node had worked, so later problems are
/// found in the same pass.
final class ONNXGraphImport {
    let file: ONNXModelFile
    var opset: Int { file.opset }
    /// Shapes of activations (tensors computed at run time), by ONNX tensor name.
    var shapes: [String: Shape] = [:]
    /// Tensors known at import time: initializers, Constant nodes, folded computations.
    var constants: [String: ONNXConstant]
    var specs: [Graph.NodeSpec] = []
    /// Constants already emitted as ``ConstantOp`` nodes (an operand of Add, Concat...).
    var emittedConstants: Set<String> = []
    /// Outputs of nodes that failed and whose shapes are unknown.
    var unknown: Set<String> = []
    /// Outputs of failed nodes that carry on with their `value_info` shapes, and the node
    /// that failed to compute each (so a consumer that needs its value can say why).
    var carriedOn: [String: String] = [:]
    var problems: [ONNXImportError.NodeProblem] = []

    init(file: ONNXModelFile, inputShapes: [String: Shape]) {
        self.file = file
        constants = file.initializers
        for input in file.inputs { shapes[input.name] = inputShapes[input.name] }
    }

    /// The Strata graph, or ``ONNXImportError/unsupported(_:)`` listing every problem.
    func run() throws -> Graph {
        problems = file.initializerProblems
        unknown = file.failedInitializers
        for (index, node) in file.graph.node.enumerated() {
            importNode(node, label: node.name.isEmpty ? "#\(index)" : node.name)
        }
        guard problems.isEmpty else { throw ONNXImportError.unsupported(problems) }
        let outputs = try file.outputNames.map { name -> String in
            if shapes[name] != nil { return name }
            // A constant graph output (a Shape, a folded value) is computed like any other.
            guard let value = constants[name] else { throw ONNXImportError.invalidModel("graph output '\(name)' is never computed") }
            do { return try emitConstant(name, value) } catch let issue as NodeIssue {
                throw ONNXImportError.unsupported([.init(node: name, opType: "graph output", reason: issue.reason)])
            }
        }
        do {
            return try Graph(inputs: file.inputs.map { ($0.name, shapes[$0.name]!) }, nodes: specs, outputs: outputs)
        } catch {
            throw ONNXImportError.invalidModel("the imported graph is inconsistent: \(error)")
        }
    }

    /// The constant as a ``ConstantOp`` node named `name` (once); returns the name.
    func emitConstant(_ name: String, _ value: ONNXConstant) throws -> String {
        if !emittedConstants.contains(name) {
            let tensor = try value.tensor()
            let integers: [Int64]? = if case .int(let exact) = value.values { exact } else { nil }
            specs.append(Graph.NodeSpec(name: name, op: ConstantOp(tensor, integerValues: integers), inputs: []))
            shapes[name] = tensor.shape
            emittedConstants.insert(name)
        }
        return name
    }

    func importNode(_ node: Onnx_NodeProto, label: String) {
        let outputs = node.output.filter { !$0.isEmpty }
        func fail(_ reason: String) {
            problems.append(.init(node: label, opType: node.opType, opset: opset, reason: reason))
            carryOn(after: node, label: label)
        }
        guard node.domain.isEmpty || node.domain == "ai.onnx" else {
            return fail("domain '\(node.domain)' is not supported; only the default ai.onnx operators")
        }
        let form: ONNXOps.Form
        switch ONNXOps.form(node.opType, opset: opset, inputCount: node.input.count) {
        case .success(let found): form = found
        case .failure(let issue): return fail(issue.reason)
        }
        if node.input.contains(where: unknown.contains) {
            // Its producer is already reported; this node is only reported when it is
            // unsupported for a reason of its own (checked above).
            unknown.formUnion(outputs)
            return
        }
        let context = ONNXNodeContext(node: node, graph: self)
        do {
            if let fold = form.fold, context.allInputsConstant {
                try fold(context)
            } else if let convert = form.convert {
                try convert(context)
            } else {
                let runtime = node.input.indices.filter { context.has($0) && !context.isConstant($0) }.map { "'\(node.input[$0])'" }
                throw NodeIssue("\(node.opType) runs only on constants (it is folded at import), but input "
                    + runtime.joined(separator: ", ") + " is computed at run time from the graph input")
            }
            let unread = context.attributes.unread
            guard unread.isEmpty else {
                return fail("attribute\(unread.count == 1 ? "" : "s") \(unread.map { "'\($0)'" }.joined(separator: ", ")) not supported")
            }
            if let missing = outputs.first(where: { shapes[$0] == nil && constants[$0] == nil }) {
                let position = node.output.firstIndex(of: missing)!
                return fail("output \(position) ('\(missing)') is not supported")
            }
            // Computed from a failed node's stand-in: a consumer that needs these values
            // must name the failure, not blame the graph input.
            if let tainted = node.input.first(where: { carriedOn[$0] != nil }) {
                for output in outputs { carriedOn[output] = carriedOn[tainted] }
            }
        } catch let issue as NodeIssue {
            fail(issue.reason)
        } catch {
            fail("\(error)")
        }
    }

    /// After `node` failed: its outputs get the static shapes the file's `value_info`
    /// records for them (valid only when the file's own input shapes are the planned
    /// ones), so the import carries on; otherwise they are unknown.
    private func carryOn(after node: Onnx_NodeProto, label: String) {
        for output in node.output where !output.isEmpty {
            carriedOn[output] = label
            // Emitted specs that read a placeholder never become a graph: there are problems.
            specs.removeAll { $0.name == output }
            constants[output] = nil
            if file.valueInfoMatchesPlannedInputs(shapes), let dims = file.valueShapes[output], let shape = try? Shape(dims) {
                shapes[output] = shape
            } else if let shape = ONNXShapeRules.outputShape(of: node, output: output, in: self) {
                shapes[output] = shape
            } else {
                shapes[output] = nil
                unknown.insert(output)
            }
        }
    }
}
