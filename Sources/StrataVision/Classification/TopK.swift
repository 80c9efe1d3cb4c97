import Foundation
import Strata

/// The best classes of a classifier's output: "answers out".
///
/// ```swift
/// let best = try TopK.classes(logits, k: 5)            // [[(index, probability)]] per image
/// ```
public enum TopK {
    /// One class of one image: its index in the output and its probability.
    public struct Entry: Sendable, Equatable {
        /// The class's position in the output (0-based), the line of its label.
        public var index: Int
        /// 0...1.
        public var probability: Float

        /// An entry of class `index` with `probability`.
        public init(index: Int, probability: Float) {
            self.index = index
            self.probability = probability
        }
    }

    /// The `k` most probable classes of each batch item of `output` (`[N, classes, ...]`:
    /// everything after the first axis is one image's classes; rank 1 is one image),
    /// best first, ties by lower index; `k` above the class count gives every class.
    ///
    /// The output is taken as probabilities when every value is in 0...1 and each item
    /// sums to 1 within 1e-3 (a model ending in Softmax); otherwise as logits, turned into
    /// probabilities with a softmax computed stably (`exp(x - max)`, summed in Double).
    /// - Throws: `StrataError.invalidArgument(_:)` for `k < 1`, an empty output or a NaN.
    public static func classes(_ output: Tensor, k: Int) throws -> [[Entry]] {
        guard k >= 1 else { throw StrataError.invalidArgument("top-k of \(k) classes; expected k >= 1") }
        let items = output.shape.rank <= 1 ? 1 : output.shape[0]
        guard items >= 1, output.elementCount >= items, output.elementCount > 0 else {
            throw StrataError.invalidArgument("an output of shape \(output.shape) has no classes to rank")
        }
        let count = output.elementCount / items
        let scalars = output.scalars
        return try (0..<items).map { item in
            let scores = Array(scalars[(item * count)..<((item + 1) * count)])
            if let nan = scores.firstIndex(where: \.isNaN) {
                throw StrataError.invalidArgument("output item \(item) has NaN at class \(nan); cannot rank its classes")
            }
            let probabilities = isProbabilities(scores) ? scores : softmax(scores)
            let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
            return order.prefix(k).map { Entry(index: $0, probability: probabilities[$0]) }
        }
    }

    /// The note to show when `k` asks for more classes than the output has (`classes`):
    /// `"--top-k 2000 is more than the 1000 classes; showing all"`; `nil` when `k <= classes`.
    public static func clampNote(k: Int, classes: Int) -> String? {
        k > classes ? "--top-k \(k) is more than the \(classes) class\(classes == 1 ? "" : "es"); showing all" : nil
    }

    /// Whether `scores` already are probabilities: all in 0...1 and summing to 1 within 1e-3.
    public static func isProbabilities(_ scores: [Float]) -> Bool {
        scores.allSatisfy { $0 >= 0 && $0 <= 1 } && abs(scores.reduce(0.0) { $0 + Double($1) } - 1) <= 1e-3
    }

    /// `exp(x - max(x)) / Σ exp(x - max(x))`: the largest term is exp(0) = 1, so nothing
    /// overflows and the sum is at least 1. Infinite logits: +inf classes share the mass.
    public static func softmax(_ scores: [Float]) -> [Float] {
        let top = scores.max() ?? 0
        if top == .infinity {
            let winners = scores.filter { $0 == .infinity }.count
            return scores.map { $0 == .infinity ? 1 / Float(winners) : 0 }
        }
        let exps = scores.map { Foundation.exp(Double($0) - Double(top)) }
        let sum = exps.reduce(0, +)
        return exps.map { Float($0 / sum) }
    }

    /// One label per line of `text` (an ImageNet-style `synset_words.txt` or
    /// `imagenet_classes.txt`); a final line end does not add a label, and a UTF-8 byte
    /// order mark (U+FEFF) at the start is dropped, not kept in label 0. The count must
    /// equal `classes`.
    /// - Parameters:
    ///   - text: the labels file's contents; lines end in `\n`, `\r\n` or a lone `\r`
    ///     (classic Mac OS).
    ///   - classes: the class count of the model's output.
    ///   - origin: the file, for messages.
    /// - Throws: `StrataError.invalidFile(_:)` naming both counts when they differ.
    public static func labels(_ text: String, classes: Int, origin: String) throws -> [String] {
        // "\r\n" is one Character in Swift, so it is a separator of its own (Windows files);
        // a lone "\r" ends a line too (classic Mac OS files).
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        var lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count == classes else {
            throw StrataError.invalidFile(
                "\(origin) has \(lines.count) label\(lines.count == 1 ? "" : "s"); the model's output has \(classes) classes: expected one label per line, one line per class")
        }
        return lines
    }

    /// The table `strata run --top-k` prints: `rank  probability  class  label`, aligned;
    /// `labels` `nil` leaves the label column out. Several batch items get an `image N`
    /// line before each table.
    public static func table(_ results: [[Entry]], labels: [String]?) -> String {
        var lines: [String] = []
        let indexWidth = max(5, results.flatMap { $0 }.map { String($0.index).count }.max() ?? 0)
        for (item, entries) in results.enumerated() {
            if results.count > 1 { lines.append("image \(item)") }
            lines.append("rank  probability  " + pad("class", indexWidth) + (labels == nil ? "" : "  label"))
            for (rank, entry) in entries.enumerated() {
                let probability = String(format: "%.6f", entry.probability)
                var line = pad(String(rank + 1), 4) + "  " + pad(probability, 11) + "  " + pad(String(entry.index), indexWidth)
                if let labels { line += "  " + labels[entry.index] }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `text` right-aligned in `width` characters.
    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
