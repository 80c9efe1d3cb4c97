/// Errors in building, loading or compiling a graph. Messages name the node, its input
/// shapes and what was expected; where several problems exist they are all listed.
public enum GraphError: Error, Equatable, CustomStringConvertible {
    /// An op rejected its inputs while the graph was built.
    case invalidNode(node: String, op: String, inputShapes: [Shape], reason: String)
    /// Problems with the graph's structure (duplicate names, dangling inputs, cycles).
    case invalidStructure([String])
    /// A name asked for (feature map, output) that the graph or the compiled graph lacks.
    case unknownNode(String)
    /// The input tensor does not match the graph's input shape.
    case inputMismatch(expected: Shape, got: Shape)

    public var description: String {
        switch self {
        case let .invalidNode(node, op, shapes, reason):
            "node '\(node)' (\(op)) with input shapes \(shapes.map(\.description).joined(separator: ", ")): \(reason)"
        case let .invalidStructure(problems):
            "invalid graph: " + problems.joined(separator: "; ")
        case let .unknownNode(message):
            message
        case let .inputMismatch(expected, got):
            "graph input has shape \(got); expected \(expected)"
        }
    }
}
