import Strata

/// An ONNX model read and checked once: the opset, the graph inputs with their fixed and
/// symbolic dimensions (after ``ONNXImportOptions``), the outputs, the decoded
/// initializers and the static shapes the file records. Every import for concrete input
/// shapes (``ONNXGraphImport``) starts from it.
final class ONNXModelFile: Sendable {
    let opset: Int
    let graph: Onnx_GraphProto
    let inputs: [InputSignature]
    let outputNames: [String]
    let initializers: [String: ONNXConstant]
    /// Initializers that cannot be decoded, reported with the first import's problems.
    let initializerProblems: [ONNXImportError.NodeProblem]
    let failedInitializers: Set<String>
    /// Static shapes from `value_info` and the graph outputs, by tensor name.
    let valueShapes: [String: [Int]]
    /// The input shapes the file itself fixes (nil when any of its input dims is symbolic):
    /// `value_info` shapes hold only for these.
    private let fileInputShapes: [String: Shape]?

    init(_ model: Onnx_ModelProto, options: ONNXImportOptions) throws {
        guard model.hasGraph, !model.graph.node.isEmpty else {
            throw ONNXImportError.invalidModel("the model has no graph nodes (is this an ONNX file?)")
        }
        opset = try Self.defaultOpset(model)
        graph = model.graph
        let initializerNames = Set(graph.initializer.map(\.name))
        let declared = try graph.input.filter { !initializerNames.contains($0.name) }.map(Self.signature)
        guard !declared.isEmpty else {
            throw ONNXImportError.invalidModel("the graph has no inputs besides its initializers; Strata needs at least one")
        }
        fileInputShapes = Self.fixedShapes(declared)
        inputs = try Self.applying(options, to: declared)
        outputNames = graph.output.map(\.name)
        guard !outputNames.isEmpty else { throw ONNXImportError.invalidModel("the graph has no outputs") }

        var decoded: [String: ONNXConstant] = [:]
        var problems: [ONNXImportError.NodeProblem] = []
        var failed: Set<String> = []
        for initializer in graph.initializer {
            do {
                decoded[initializer.name] = try ONNXConstant(initializer)
            } catch let issue as NodeIssue {
                problems.append(.init(node: initializer.name, opType: "initializer", reason: issue.reason))
                failed.insert(initializer.name)
            }
        }
        (initializers, initializerProblems, failedInitializers) = (decoded, problems, failed)

        var shapes: [String: [Int]] = [:]
        for info in graph.valueInfo + graph.output {
            let dims = info.type.tensorType.shape.dim
            guard info.type.tensorType.hasShape, dims.allSatisfy({ $0.dimValue >= 0 && $0.dimParam.isEmpty && $0.value != nil }) else { continue }
            shapes[info.name] = dims.map { Int($0.dimValue) }
        }
        valueShapes = shapes
        try checkEveryInputIsProduced()
    }

    /// True when the planned input shapes are the file's own, so `value_info` holds.
    func valueInfoMatchesPlannedInputs(_ planned: [String: Shape]) -> Bool {
        guard let fileInputShapes else { return false }
        return fileInputShapes.allSatisfy { planned[$0.key] == $0.value }
    }

    /// Problems that need no shapes: a foreign domain, an op type Strata lacks, an op the
    /// model's opset does not have. Every node, all at once.
    var supportProblems: [ONNXImportError.NodeProblem] {
        graph.node.enumerated().compactMap { index, node in
            let label = node.name.isEmpty ? "#\(index)" : node.name
            guard node.domain.isEmpty || node.domain == "ai.onnx" else {
                return .init(node: label, opType: node.opType, opset: opset, reason: "domain '\(node.domain)' is not supported; only the default ai.onnx operators")
            }
            if case .failure(let issue) = ONNXOps.form(node.opType, opset: opset, inputCount: node.input.count) {
                return .init(node: label, opType: node.opType, opset: opset, reason: issue.reason)
            }
            return nil
        }
    }

    /// The version of the default (`ai.onnx`) operator set.
    static func defaultOpset(_ model: Onnx_ModelProto) throws -> Int {
        guard let entry = model.opsetImport.first(where: { $0.domain.isEmpty || $0.domain == "ai.onnx" }) else {
            throw ONNXImportError.invalidModel("the model imports no default (ai.onnx) opset")
        }
        guard entry.version >= Int64(ONNXOps.opsets.lowerBound), entry.version <= 1000 else {
            throw ONNXImportError.invalidModel(
                "opset \(entry.version) is not supported; Strata imports opsets \(ONNXOps.opsets.lowerBound) to "
                    + "\(ONNXOps.opsets.upperBound), and later ones for ops that did not change after \(ONNXOps.opsets.upperBound)")
        }
        return Int(entry.version)
    }

    /// A graph input's name and dimensions: `dim_value` fixed, `dim_param` symbolic, a
    /// dimension with neither symbolic under the name `input:axis`.
    static func signature(_ input: Onnx_ValueInfoProto) throws -> InputSignature {
        let tensorType = input.type.tensorType
        guard case .tensorType? = input.type.value else {
            throw ONNXImportError.invalidModel("graph input '\(input.name)' is not a tensor; Strata runs tensor inputs")
        }
        guard ONNXDataType(tensorType.elemType) == .float else {
            throw ONNXImportError.invalidModel(
                "graph input '\(input.name)' has element type \(ONNXDataType(tensorType.elemType)); expected FLOAT (1)")
        }
        guard tensorType.hasShape else {
            throw ONNXImportError.invalidModel(
                "graph input '\(input.name)' declares no shape; give it with ONNXImportOptions.inputShapes (strata: --input-shape)")
        }
        let dims = tensorType.shape.dim
        guard dims.count <= Shape.maximumRank else {
            throw ONNXImportError.invalidModel(
                "graph input '\(input.name)' has rank \(dims.count); Strata supports rank 0 to \(Shape.maximumRank)")
        }
        let dimensions = try dims.enumerated().map { axis, dim -> Dimension in
            switch dim.value {
            case .dimValue(let value)?:
                guard value >= 0, value <= Int64(Int32.max) else {
                    throw ONNXImportError.invalidModel("graph input '\(input.name)' has dimension \(axis) = \(value); expected 0...\(Int32.max)")
                }
                return .fixed(Int(value))
            case .dimParam(let name)? where !name.isEmpty: return .symbolic(name)
            default: return .symbolic("\(input.name):\(axis)")
            }
        }
        // The fixed sizes alone must make a valid shape (with each symbol at 1): an empty
        // input whose other sizes multiply past Int is refused here, by name.
        let fixedPart = dimensions.map { dimension -> Int in
            if case .fixed(let size) = dimension { size } else { 1 }
        }
        do { _ = try Shape(fixedPart) } catch {
            throw ONNXImportError.invalidModel("graph input '\(input.name)' has dimensions \(fixedPart): \(error)")
        }
        return InputSignature(name: input.name, dimensions: dimensions)
    }

    static func fixedShapes(_ signatures: [InputSignature]) -> [String: Shape]? {
        var shapes: [String: Shape] = [:]
        for signature in signatures {
            guard let shape = signature.fixedShape else { return nil }
            shapes[signature.name] = shape
        }
        return shapes
    }

    /// The signatures with the options' fixed shapes and sizes applied. A size fixed for a
    /// symbol on one input fixes it on every input.
    static func applying(_ options: ONNXImportOptions, to signatures: [InputSignature]) throws -> [InputSignature] {
        let names = signatures.map(\.name)
        if let unknown = options.inputShapes.keys.sorted().first(where: { !names.contains($0) }) {
            throw ONNXImportError.invalidOptions("a shape is given for input '\(unknown)'; the graph inputs are \(names)")
        }
        var sizes = options.dimensions
        for signature in signatures {
            guard let given = options.inputShapes[signature.name] else { continue }
            guard given.count == signature.dimensions.count, given.allSatisfy({ $0 >= 0 }) else {
                throw ONNXImportError.invalidModel(
                    "input shape \(given) for '\(signature.name)' does not fit its declared dimensions \(signature)")
            }
            for (axis, dimension) in signature.dimensions.enumerated() {
                switch dimension {
                case .fixed(let size) where size != given[axis]:
                    throw ONNXImportError.invalidModel(
                        "input shape \(given) for '\(signature.name)': the file fixes axis \(axis) to \(size) (\(signature))")
                case .symbolic(let name):
                    if let known = sizes[name], known != given[axis] {
                        throw ONNXImportError.invalidModel("input shape \(given) for '\(signature.name)' gives \(name) = \(given[axis]), but \(name) = \(known) elsewhere")
                    }
                    sizes[name] = given[axis]
                default: break
                }
            }
        }
        let symbols = Set(signatures.flatMap { $0.symbols.map(\.name) })
        if let unknown = options.dimensions.keys.sorted().first(where: { !symbols.contains($0) }) {
            throw ONNXImportError.invalidOptions(
                "a size is given for dimension '\(unknown)', which no input uses; the symbolic dimensions are \(symbols.sorted())")
        }
        if let bad = sizes.first(where: { $0.value < 0 }) {
            throw ONNXImportError.invalidModel("dimension \(bad.key) = \(bad.value); expected a size >= 0")
        }
        return signatures.map { signature in
            InputSignature(name: signature.name, dimensions: signature.dimensions.enumerated().map { axis, dimension in
                guard case .symbolic(let name) = dimension else { return dimension }
                if let size = sizes[name] { return .fixed(size) }
                if axis == 0, let batch = options.batchSize { return .fixed(batch) }
                return dimension
            })
        }
    }

    /// A missing initializer shows up as a tensor that nothing produces: report all at once.
    private func checkEveryInputIsProduced() throws {
        var known = Set(graph.initializer.map(\.name)).union(inputs.map(\.name))
        var missing: [String] = []
        for (index, node) in graph.node.enumerated() {
            for input in node.input where !input.isEmpty && !known.contains(input) {
                missing.append("node '\(node.name.isEmpty ? "#\(index)" : node.name)' (\(node.opType)) reads '\(input)'")
            }
            known.formUnion(node.output.filter { !$0.isEmpty })
        }
        for output in outputNames where !known.contains(output) {
            missing.append("graph output '\(output)'")
        }
        guard missing.isEmpty else {
            throw ONNXImportError.invalidModel(
                "tensors that are neither a graph input, an initializer nor an earlier node's output "
                    + "(a missing initializer, or nodes out of order): " + abbreviatedList(missing, separator: "; "))
        }
    }
}
