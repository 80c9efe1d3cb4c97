/// A parser for the one Python literal a `.npy` header holds: a dict whose keys are
/// strings and whose values are strings, `True`/`False` or tuples of integers. Anything
/// else is a ``Failure`` naming the position; it never evaluates Python.
struct NpyDictParser {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    struct Failure: Error {
        let message: String
    }

    private let characters: [Character]
    private var position = 0

    init(text: String) { characters = Array(text) }

    mutating func parseDict() throws -> [String: Value] {
        try expect("{")
        var result: [String: Value] = [:]
        while true {
            skipSpaces()
            if peek == "}" { position += 1; break }
            let key = try parseString()
            try expect(":")
            let value = try parseValue()
            guard result[key] == nil else { throw Failure(message: "key '\(key)' appears twice") }
            result[key] = value
            skipSpaces()
            if peek == "," { position += 1; continue }
            try expect("}")
            break
        }
        skipSpaces()
        guard position == characters.count else { throw fail("text after the closing brace") }
        return result
    }

    private var peek: Character? { position < characters.count ? characters[position] : nil }

    private mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\n" || c == "\t" { position += 1 }
    }

    private func fail(_ what: String) -> Failure { Failure(message: "\(what) at character \(position)") }

    private mutating func expect(_ c: Character) throws {
        skipSpaces()
        guard peek == c else { throw fail("expected '\(c)'") }
        position += 1
    }

    private mutating func parseString() throws -> String {
        skipSpaces()
        guard let quote = peek, quote == "'" || quote == "\"" else { throw fail("expected a quoted string") }
        position += 1
        var text = ""
        while let c = peek, c != quote {
            guard c != "\\" else { throw fail("escape sequences are not supported") }
            text.append(c)
            position += 1
        }
        guard peek == quote else { throw fail("unterminated string") }
        position += 1
        return text
    }

    private mutating func parseValue() throws -> Value {
        skipSpaces()
        switch peek {
        case "'", "\"": return .string(try parseString())
        case "(": return .tuple(try parseTuple())
        default:
            for (word, value) in [("True", true), ("False", false)] where characters[position...].starts(with: word) {
                position += word.count
                return .bool(value)
            }
            throw fail("expected a string, a tuple, True or False")
        }
    }

    private mutating func parseTuple() throws -> [Int] {
        try expect("(")
        var values: [Int] = []
        while true {
            skipSpaces()
            if peek == ")" { position += 1; return values }
            var digits = ""
            while let c = peek, c.isASCII, c.isNumber { digits.append(c); position += 1 }
            // Python may write long integers with an L suffix (NumPy on Python 2).
            if peek == "L" { position += 1 }
            guard !digits.isEmpty else { throw fail("expected a non-negative integer") }
            guard let value = Int(digits) else { throw fail("integer \(digits) is too large") }
            values.append(value)
            skipSpaces()
            if peek == "," { position += 1; continue }
            try expect(")")
            return values
        }
    }
}
