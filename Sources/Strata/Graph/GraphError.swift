/// Errors in building, loading or compiling a graph. Messages name the node, its input
/// shapes and what was expected; where several problems exist they are all listed.
public enum GraphError: Error, Equatable, CustomStringConvertible {
    /// An op rejected its inputs while the graph was built.
    case invalidNode(node: String, op: String, inputShapes: [Shape], reason: String)
    /// Problems with the graph's structure (duplicate names, dangling inputs, cycles).
    case invalidStructure([String])
    /// A name asked for (feature map, output) that the graph or the compiled graph lacks.
    case unknownNode(String)
    /// An input tensor does not match the graph input of that name.
    case inputMismatch(input: String, expected: Shape, got: Shape)
    /// The tensors given for the graph inputs: missing, unknown or duplicate names, or
    /// shapes a model's signature does not allow.
    case invalidInputs(String)
    /// A model cannot be built for these input sizes (bound symbolic dimensions): the
    /// reason names the node and its shapes.
    case unsupportedShapes(bindings: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidNode(node, op, shapes, reason):
            "node '\(node)' (\(op)) with input shapes \(shapes.map(\.description).joined(separator: ", ")): \(reason)"
        case let .invalidStructure(problems):
            "invalid graph: " + problems.joined(separator: "; ")
        case let .unknownNode(message):
            message
        case let .inputMismatch(input, expected, got):
            "graph input '\(input)' was given shape \(got); expected \(expected)"
        case let .invalidInputs(message):
            message
        case let .unsupportedShapes(bindings, reason):
            "the model cannot run with \(bindings): \(reason)"
        }
    }
}

extension GraphError {
    /// The error, with the bound dimensions it happened under (for shape-dependent errors).
    func withBindings(_ bindings: DimensionBindings) -> GraphError {
        switch self {
        case .invalidInputs, .unsupportedShapes: self
        default: .unsupportedShapes(bindings: bindings.description, reason: description)
        }
    }
}
