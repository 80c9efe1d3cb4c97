/// Every difference between the weights a model expects and the tensors a file holds:
/// missing names, unexpected names, and shapes that differ. All of them are collected
/// before anything fails, so a user fixes them in one go.
public struct StrictLoadReport: Sendable, CustomStringConvertible {
    /// Expected names the file does not have, with their expected shapes; sorted by name.
    public let missing: [(name: String, expected: Shape)]
    /// Names in the file that nothing expects, with their shapes; sorted by name.
    public let unexpected: [(name: String, found: Shape)]
    /// Names present in both whose shapes differ; sorted by name.
    public let wrongShape: [(name: String, expected: Shape, found: Shape)]

    /// Compares the shapes a model expects with the tensors a file holds.
    /// - Parameters:
    ///   - expected: shape by parameter name, as the model declares them.
    ///   - found: the file's tensors by name.
    public init(expected: [String: Shape], found: [String: Tensor]) {
        let order = Safetensors.byteOrder
        missing = expected.keys.filter { found[$0] == nil }.sorted(by: order).map { ($0, expected[$0]!) }
        unexpected = found.keys.filter { expected[$0] == nil }.sorted(by: order).map { ($0, found[$0]!.shape) }
        wrongShape = expected.keys.sorted(by: order).compactMap { name in
            guard let tensor = found[name], tensor.shape != expected[name]! else { return nil }
            return (name, expected[name]!, tensor.shape)
        }
    }

    /// True when names and shapes agree exactly: the file can be loaded.
    public var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty && wrongShape.isEmpty }
    /// Missing, unexpected and wrong-shaped tensors together.
    public var problemCount: Int { missing.count + unexpected.count + wrongShape.count }

    /// One line per problem, missing names first, then unexpected ones, then wrong shapes.
    public var description: String {
        let quoted = SafetensorsHeader.quoted
        let lines = missing.map { "missing \(quoted($0.name)) (expected shape \($0.expected))" }
            + unexpected.map { "unexpected \(quoted($0.name)) (shape \($0.found)); expected no such name" }
            + wrongShape.map { "\(quoted($0.name)) has shape \($0.found); expected \($0.expected)" }
        return lines.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension Safetensors {
    /// Throws one error listing every problem in ``StrictLoadReport`` (missing names,
    /// unexpected names, wrong shapes) when `found` is not exactly what `expected` describes.
    public static func checkNames(expected: [String: Shape], found: [String: Tensor]) throws {
        let report = StrictLoadReport(expected: expected, found: found)
        guard report.isEmpty else {
            throw StrataError.invalidFile(
                "the tensors do not match the \(expected.count) expected (\(report.problemCount) "
                    + "\(report.problemCount == 1 ? "problem" : "problems")):\n\(report)")
        }
    }
}
