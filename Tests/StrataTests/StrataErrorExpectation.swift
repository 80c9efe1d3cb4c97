import Strata
import Testing

/// The kinds of ``StrataError``, without their messages.
enum StrataErrorKind {
    case invalidShape, shapeMismatch, invalidArgument, invalidFile, memoryLimit

    init(_ error: StrataError) {
        switch error {
        case .invalidShape: self = .invalidShape
        case .shapeMismatch: self = .shapeMismatch
        case .invalidArgument: self = .invalidArgument
        case .invalidFile: self = .invalidFile
        case .memoryLimit: self = .memoryLimit
        }
    }
}

/// Expects `body` to throw a `StrataError` of `kind` whose description contains every
/// string in `fragments` (the numbers the message must name).
func expectStrataError(
    _ kind: StrataErrorKind, mentioning fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    let error = #expect(throws: StrataError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(StrataErrorKind(error) == kind, "wrong kind: \(error)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(error.description.contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"",
                sourceLocation: sourceLocation)
    }
}
