import Foundation

/// Counts of (true class, predicted class) pairs, as `sklearn.metrics.confusion_matrix`
/// lays them out: row = true class, column = predicted class.
public struct ConfusionMatrix: Sendable, Equatable, CustomStringConvertible {
    /// Class names, in label order.
    public let classes: [String]
    /// `counts[actual][predicted]`.
    public private(set) var counts: [[Int]]

    /// An empty matrix for these classes.
    public init(classes: [String]) {
        self.classes = classes
        counts = Array(repeating: Array(repeating: 0, count: classes.count), count: classes.count)
    }

    /// Counts one prediction (labels in `0..<classes.count`).
    public mutating func add(actual: Int, predicted: Int) { counts[actual][predicted] += 1 }

    /// Examples counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The fraction on the diagonal (0 when empty).
    public var accuracy: Double {
        let right = classes.indices.reduce(0) { $0 + counts[$1][$1] }
        return total == 0 ? 0 : Double(right) / Double(total)
    }

    /// Per class: the fraction of its examples predicted right (recall); nil for a class
    /// with no examples.
    public var perClassAccuracy: [Double?] {
        classes.indices.map { c in
            let row = counts[c].reduce(0, +)
            return row == 0 ? nil : Double(counts[c][c]) / Double(row)
        }
    }

    /// An aligned table: one row per true class (name, counts by predicted class, recall),
    /// columns headed by class index.
    public var description: String {
        let nameWidth = max(classes.map(\.count).max() ?? 0, "true \\ predicted".count)
        let cellWidth = max(String(counts.flatMap { $0 }.max() ?? 0).count, String(classes.count - 1).count) + 1
        func pad(_ s: String, _ width: Int, left: Bool = true) -> String {
            let fill = String(repeating: " ", count: max(0, width - s.count))
            return left ? fill + s : s + fill
        }
        var lines = [pad("true \\ predicted", nameWidth, left: false) + classes.indices.map { pad(String($0), cellWidth) }.joined() + "  recall"]
        for (c, name) in classes.enumerated() {
            let recall = perClassAccuracy[c].map { String(format: "%6.1f%%", $0 * 100) } ?? "     -"
            lines.append(pad("\(c) \(name)", nameWidth, left: false) + counts[c].map { pad(String($0), cellWidth) }.joined() + " " + recall)
        }
        return lines.joined(separator: "\n")
    }
}
