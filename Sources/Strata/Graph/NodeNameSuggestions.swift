/// Close names for a node name the graph lacks, so "no such node" errors can say what the
/// user probably meant (a typo, a missing prefix such as `layer4.` or ONNX's `/layer4/...`).
extension Graph {
    /// Node names close to `name`, closest first, at most `limit`: names that contain
    /// `name` or are contained in it (ignoring case), then names within a Levenshtein
    /// distance of a third of `name`'s length (at least 2); ties in name order.
    public func nodeNames(closeTo name: String, limit: Int = 5) -> [String] {
        let wanted = Array(name.lowercased())
        let allowed = max(2, wanted.count / 3)
        let ranked = nodes.compactMap { node -> (rank: Int, name: String)? in
            let candidate = node.name.lowercased()
            if !wanted.isEmpty && (candidate.contains(String(wanted)) || String(wanted).contains(candidate)) {
                // Contained names rank before any edit; among them, the closer in length first.
                return (abs(candidate.count - wanted.count) - 1_000_000, node.name)
            }
            let distance = Self.editDistance(wanted, Array(candidate))
            return distance <= allowed ? (distance, node.name) : nil
        }
        return ranked.sorted { ($0.rank, $0.name) < ($1.rank, $1.name) }.prefix(max(0, limit)).map(\.name)
    }

    /// The error for a node name the graph lacks: "no such node 'conv9'; close names:
    /// conv1, conv2", or a few of the graph's names when none is close.
    public func unknownNodeError(_ name: String) -> GraphError {
        let close = nodeNames(closeTo: name)
        if !close.isEmpty {
            return .unknownNode("no such node '\(name)'; close names: \(close.joined(separator: ", "))")
        }
        let some = nodes.prefix(6).map(\.name).joined(separator: ", ")
        return .unknownNode("no such node '\(name)'; the graph's \(nodes.count) nodes include \(some)")
    }

    /// Levenshtein distance (insertions, deletions, substitutions, each costing 1).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
