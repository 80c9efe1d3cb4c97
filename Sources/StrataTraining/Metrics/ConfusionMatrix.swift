import Foundation
import Strata

/// Counts of (actual class, predicted class) pairs over an evaluation, with accuracy per
/// class and overall, printed as an aligned table.
///
/// ```swift
/// var matrix = try ConfusionMatrix(classNames: FashionMNIST.classes)
/// try matrix.add(logits: output, labels: batch.labels)      // output [N, classes]
/// print(matrix)                                            // rows: actual, columns: predicted
/// ```
///
/// Rows are the actual (true) classes, columns the predicted ones, as scikit-learn's
/// `confusion_matrix` lays them out; a class's accuracy is its diagonal count over its row
/// (the recall, scikit-learn's `recall_score(average=None)`).
public struct ConfusionMatrix: Sendable, Equatable, CustomStringConvertible {
    /// One name per class, in label order: the table's row and column headers.
    public let classNames: [String]
    /// `counts[actual * classCount + predicted]`: how many samples of class `actual` were
    /// predicted as `predicted`. Row-major `[classCount, classCount]`.
    public private(set) var counts: [Int]

    /// The number of classes.
    public var classCount: Int { classNames.count }

    /// An empty matrix for these classes.
    /// - Throws: `StrataError.invalidArgument` when there are no classes.
    public init(classNames: [String]) throws {
        guard !classNames.isEmpty else {
            throw StrataError.invalidArgument("a confusion matrix needs at least one class, got none")
        }
        self.classNames = classNames
        counts = Array(repeating: 0, count: classNames.count * classNames.count)
    }

    /// An empty matrix for `classCount` classes named by their labels ("0", "1", ...).
    /// - Throws: `StrataError.invalidArgument` when `classCount` is below 1.
    public init(classCount: Int) throws {
        guard classCount >= 1 else {
            throw StrataError.invalidArgument("a confusion matrix needs at least one class, got \(classCount)")
        }
        try self.init(classNames: (0..<classCount).map(String.init))
    }

    /// How many samples of class `actual` were predicted as `predicted`.
    public func count(actual: Int, predicted: Int) -> Int { counts[actual * classCount + predicted] }

    /// Counts one sample.
    /// - Throws: `StrataError.invalidArgument` when a label is outside `0..<classCount`.
    public mutating func add(actual: Int, predicted: Int) throws {
        for (what, label) in [("actual", actual), ("predicted", predicted)] where !(0..<classCount).contains(label) {
            throw StrataError.invalidArgument("\(what) class \(label) is outside 0..<\(classCount)")
        }
        counts[actual * classCount + predicted] += 1
    }

    /// Counts one sample per pair of `labels[i]` and `predictions[i]`.
    /// - Throws: `StrataError.invalidArgument` when the counts differ or a label is out of
    ///   range (nothing is counted then).
    public mutating func add(labels: [Int], predictions: [Int]) throws {
        guard labels.count == predictions.count else {
            throw StrataError.invalidArgument("\(labels.count) labels but \(predictions.count) predictions; expected one per label")
        }
        var updated = self
        for (actual, predicted) in zip(labels, predictions) { try updated.add(actual: actual, predicted: predicted) }
        self = updated
    }

    /// Counts a batch of scores: the prediction of row `i` of `logits` (`[N, classCount]`,
    /// logits or probabilities) is its largest entry (the first on ties, as `torch.argmax`).
    /// - Throws: `StrataError.invalidArgument` when `logits` is not `[labels.count, classCount]`
    ///   or a label is out of range.
    public mutating func add(logits: Tensor, labels: [Int]) throws {
        guard logits.shape.rank == 2, logits.shape[0] == labels.count, logits.shape[1] == classCount else {
            throw StrataError.invalidArgument(
                "logits of shape \(logits.shape) for \(labels.count) labels; expected [\(labels.count), \(classCount)]")
        }
        let scores = logits.scalars
        let predictions = labels.indices.map { row in
            let values = scores[(row * classCount)..<((row + 1) * classCount)]
            return values.indices.reduce(values.startIndex) { values[$1] > values[$0] ? $1 : $0 } - row * classCount
        }
        try add(labels: labels, predictions: predictions)
    }

    /// All samples counted.
    public var total: Int { counts.reduce(0, +) }

    /// Samples predicted as their actual class (the diagonal).
    public var correct: Int { (0..<classCount).reduce(0) { $0 + count(actual: $1, predicted: $1) } }

    /// `correct / total`, in 0...1; 0 when nothing was counted.
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Per actual class, the share of its samples predicted correctly (diagonal over row);
    /// nil for a class with no samples.
    public var perClassAccuracy: [Double?] {
        (0..<classCount).map { actual in
            let row = (0..<classCount).reduce(0) { $0 + count(actual: actual, predicted: $1) }
            return row == 0 ? nil : Double(count(actual: actual, predicted: actual)) / Double(row)
        }
    }

    /// The table: a header of predicted class names, one row per actual class (its name,
    /// its counts, its accuracy as a percentage with one decimal, `-` without samples),
    /// right-aligned columns, then the overall accuracy.
    public var description: String {
        let accuracyHeader = "accuracy"
        let corner = "actual \\ predicted"
        let nameWidth = max(corner.count, classNames.map(\.count).max() ?? 0)
        let widths = (0..<classCount).map { column in
            max(classNames[column].count, (0..<classCount).map { String(count(actual: $0, predicted: column)).count }.max() ?? 1)
        }
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let padding = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + padding : padding + text
        }
        var lines = [([pad(corner, nameWidth, left: true)] + (0..<classCount).map { pad(classNames[$0], widths[$0]) }
                      + [accuracyHeader]).joined(separator: "  ")]
        let accuracies = perClassAccuracy
        for actual in 0..<classCount {
            let cells = (0..<classCount).map { pad(String(count(actual: actual, predicted: $0)), widths[$0]) }
            let rowAccuracy = accuracies[actual].map { String(format: "%.1f%%", $0 * 100) } ?? "-"
            lines.append(([pad(classNames[actual], nameWidth, left: true)] + cells + [pad(rowAccuracy, accuracyHeader.count)])
                .joined(separator: "  "))
        }
        lines.append(String(format: "overall accuracy %.2f%% (%d of %d)", accuracy * 100, correct, total))
        return lines.joined(separator: "\n")
    }
}
