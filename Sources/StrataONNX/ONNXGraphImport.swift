import Strata

/// One import in progress: walks the ONNX nodes in file order (ONNX requires topological
/// order), tracks every tensor as an activation (with its inferred shape) or a constant,
/// lets each op's converter emit Strata node specs, and collects every problem.
final class ONNXGraphImport {
    let opset: Int
    let inputName: String
    /// Shapes of activations (tensors computed at run time), by ONNX tensor name.
    var shapes: [String: Shape]
    /// Tensors known at import time: initializers, Constant nodes, folded shape chains.
    var constants: [String: ONNXConstant] = [:]
    var specs: [Graph.NodeSpec] = []
    /// Constants already emitted as ``ConstantOp`` nodes (an operand of Add, Concat...).
    var emittedConstants: Set<String> = []
    /// Outputs of nodes that failed: their consumers are skipped, not reported again.
    var failed: Set<String> = []
    var problems: [ONNXImportError.NodeProblem] = []

    init(opset: Int, inputName: String, inputShape: Shape) {
        self.opset = opset
        self.inputName = inputName
        shapes = [inputName: inputShape]
    }

    func run(_ graph: Onnx_GraphProto) throws -> Graph {
        try checkEveryInputIsProduced(graph)
        for initializer in graph.initializer {
            do {
                constants[initializer.name] = try ONNXConstant(initializer)
            } catch let issue as NodeIssue {
                problems.append(.init(node: initializer.name, opType: "initializer", reason: issue.reason))
                failed.insert(initializer.name)
            }
        }
        for (index, node) in graph.node.enumerated() { importNode(node, label: node.name.isEmpty ? "#\(index)" : node.name) }
        guard problems.isEmpty else { throw ONNXImportError.unsupported(problems) }

        let outputs = graph.output.map(\.name)
        for output in outputs where shapes[output] == nil {
            throw ONNXImportError.invalidModel(
                "graph output '\(output)' is a constant, not computed from the input; Strata graphs output computed tensors")
        }
        do {
            return try Graph(inputName: inputName, inputShape: shapes[inputName]!, nodes: specs, outputs: outputs)
        } catch {
            throw ONNXImportError.invalidModel("the imported graph is inconsistent: \(error)")
        }
    }

    /// A missing initializer shows up as a tensor that nothing produces: report all at once.
    func checkEveryInputIsProduced(_ graph: Onnx_GraphProto) throws {
        var known = Set(graph.initializer.map(\.name)).union([inputName])
        var missing: [String] = []
        for (index, node) in graph.node.enumerated() {
            for input in node.input where !input.isEmpty && !known.contains(input) {
                missing.append("node '\(node.name.isEmpty ? "#\(index)" : node.name)' (\(node.opType)) reads '\(input)'")
            }
            known.formUnion(node.output.filter { !$0.isEmpty })
        }
        for output in graph.output where !known.contains(output.name) {
            missing.append("graph output '\(output.name)'")
        }
        guard missing.isEmpty else {
            throw ONNXImportError.invalidModel(
                "tensors that are neither the graph input, an initializer nor an earlier node's output "
                    + "(a missing initializer, or nodes out of order): " + missing.joined(separator: "; "))
        }
    }

    func importNode(_ node: Onnx_NodeProto, label: String) {
        let outputs = node.output.filter { !$0.isEmpty }
        func fail(_ reason: String) {
            problems.append(.init(node: label, opType: node.opType, reason: reason))
            failed.formUnion(outputs)
        }
        guard node.domain.isEmpty || node.domain == "ai.onnx" else {
            return fail("domain '\(node.domain)' is not supported; only the default ai.onnx operators")
        }
        guard let converter = ONNXOps.converters[node.opType] else {
            return fail("op type '\(node.opType)' is not supported")
        }
        if node.input.contains(where: failed.contains) {
            failed.formUnion(outputs)   // its producer is already reported
            return
        }
        guard opset >= converter.sinceOpset else {
            return fail("\(node.opType) needs opset \(converter.sinceOpset) or later; the model imports opset \(opset)")
        }
        let context = ONNXNodeContext(node: node, graph: self)
        do {
            try converter.convert(context)
            let unread = context.attributes.unread
            guard unread.isEmpty else {
                return fail("attribute\(unread.count == 1 ? "" : "s") \(unread.map { "'\($0)'" }.joined(separator: ", ")) not supported")
            }
            if let missing = outputs.first(where: { shapes[$0] == nil && constants[$0] == nil }) {
                return fail("output '\(missing)' is not supported (only the first output of \(node.opType))")
            }
        } catch let issue as NodeIssue {
            fail(issue.reason)
        } catch {
            fail("\(error)")
        }
    }
}
