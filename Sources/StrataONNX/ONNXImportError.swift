import Strata

/// Why an ONNX file could not be imported. Every message names the node, op, attribute,
/// tensor or number involved, so it can be shown to a person as it is.
public enum ONNXImportError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a readable ONNX model: truncated, not protobuf, or nested deeper
    /// than the decoder's limit.
    case malformedFile(String)
    /// The model parses but is not something Strata can run: no graph nodes, inputs or
    /// outputs, a default-domain opset below the supported range, an input that is not a
    /// tensor, an input shape or rank Strata cannot hold, import options that contradict the
    /// file, a node reading a tensor nothing produces (a missing initializer).
    case invalidModel(String)
    /// Every node Strata cannot import, all at once, so the user sees the whole list (the
    /// description names the first 100 and counts the rest).
    case unsupported([NodeProblem])
    /// The import options do not fit the file: a shape for an input the graph lacks, a size
    /// for a symbolic dimension no input uses. The file may be fine.
    case invalidOptions(String)

    /// One node that cannot be imported and why.
    public struct NodeProblem: Equatable, Sendable, CustomStringConvertible {
        /// The node's name, or "#index" when the file gives it none.
        public var node: String
        /// The ONNX op type, such as "Conv" or "NonMaxSuppression".
        public var opType: String
        /// The model's opset for the op's domain; nil for an initializer or graph output.
        public var opset: Int?
        /// Why the node cannot be imported, with the numbers involved (an attribute value, a rank).
        public var reason: String

        /// One node's problem; `opset` is nil when the problem is not tied to an op version.
        public init(node: String, opType: String, opset: Int? = nil, reason: String) {
            (self.node, self.opType, self.opset, self.reason) = (node, opType, opset, reason)
        }

        public var description: String { "node '\(node)' (\(opType)\(opset.map { ", opset \($0)" } ?? "")): \(reason)" }
    }

    public var description: String {
        switch self {
        case .malformedFile(let message): "malformed ONNX file: \(message)"
        case .invalidModel(let message): "invalid ONNX model: \(message)"
        case .invalidOptions(let message): "invalid import options: \(message)"
        case .unsupported(let problems):
            "\(problems.count) ONNX node\(problems.count == 1 ? "" : "s") cannot be imported:\n"
                + abbreviatedList(problems.map { "  \($0)" }, separator: "\n", limit: 100)
        }
    }
}

/// Thrown by an op converter for its node; the importer adds the node's name and op type
/// and collects it into ``ONNXImportError/unsupported(_:)``.
struct NodeIssue: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
