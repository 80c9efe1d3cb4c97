@_spi(Diagnostics) import Strata

/// Where a graph's fast kernels first disagree with the naive reference.
public struct DivergenceReport: Sendable, CustomStringConvertible {
    /// One node checked: its fast kernel's output against its reference computation's.
    public struct Entry: Sendable {
        /// The node's name in the graph.
        public let node: String
        /// The node's op, as `GraphOp.opName` prints it (for example "Conv2d").
        public let op: String
        /// Relative Frobenius error of the fast kernel against the reference on the same inputs.
        public let relativeError: Double
    }

    /// Every node checked, in order, up to and including the first divergent one.
    public let entries: [Entry]
    /// The relative error above which a node counts as divergent (compared with `>`).
    public let tolerance: Double
    /// The first node whose error exceeds the tolerance, or nil when all agree.
    public var firstDivergent: Entry? { entries.last.flatMap { $0.relativeError > tolerance ? $0 : nil } }

    public var description: String {
        let lines = entries.map { entry in
            let flag = entry.relativeError > tolerance ? "  <-- first node over \(tolerance)" : ""
            return "\(entry.node) (\(entry.op)): relative error \(entry.relativeError)\(flag)"
        }
        let verdict = firstDivergent.map { "first divergent node: \($0.node)" } ?? "all \(entries.count) nodes within \(tolerance)"
        return (lines + [verdict]).joined(separator: "\n")
    }
}

extension Graph {
    /// Runs every node with its fast kernel and with its reference computation (the
    /// reference table, ``referenceOutput(of:inputs:)``) on the same inputs (the fast
    /// outputs of the nodes before it, so errors do not compound), and reports the relative
    /// error per node, stopping at the first node over `tolerance`. Throws
    /// ``MissingReferenceError`` for a node whose op has no reference.
    public func findDivergence(input: Tensor, tolerance: Double = 1e-4, workers: Int = Threading.workers) throws -> DivergenceReport {
        try findDivergence(inputs: onlyInput(input), tolerance: tolerance, workers: workers)
    }

    /// ``findDivergence(input:tolerance:workers:)`` for a graph with named inputs.
    public func findDivergence(inputs: [String: Tensor], tolerance: Double = 1e-4, workers: Int = Threading.workers) throws -> DivergenceReport {
        let computed = nodes.filter { !$0.isInput }
        let fast = try GraphRunner(self, workers: workers).run(inputs, capturing: computed.map(\.name)).merging(inputs) { a, _ in a }
        var entries: [DivergenceReport.Entry] = []
        for node in computed {
            let inputs = node.inputs.map { fast[nodes[$0].name]! }
            let expected = try referenceOutput(of: node.op, inputs: inputs)
            let error = try fast[node.name]!.compared(with: expected).relativeError
            entries.append(DivergenceReport.Entry(node: node.name, op: node.op.opName, relativeError: error))
            if !(error <= tolerance) { break }
        }
        return DivergenceReport(entries: entries, tolerance: tolerance)
    }
}
