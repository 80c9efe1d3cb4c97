#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The parsed and checked header of a safetensors file.
///
/// ```
/// bytes 0..<8        N, the header length: UInt64, little-endian
/// bytes 8..<8+N      UTF-8 JSON object, may end in spaces:
///                    { "__metadata__": {String: String},            (optional)
///                      name: {"dtype": "F32", "shape": [d0, ...],   (or F16, BF16, F64, I64)
///                             "data_offsets": [begin, end]}, ... }
/// bytes 8+N..<end    the data section; offsets are relative to its start
/// ```
///
/// The file is treated as hostile: every number is checked before it is used, so any
/// byte sequence gives either a header whose tensors tile the data section exactly or a
/// ``StrataError`` naming the tensor and the numbers. Nothing is allocated from a size in
/// the file before that size has been checked against the file's length.
struct SafetensorsHeader {
    /// One tensor's place in the data section; `begin..<end` are offsets into that section.
    struct Entry {
        let name: String
        let shape: Shape
        let dtype: SafetensorsDType
        let begin: Int
        let end: Int
    }

    /// Largest header accepted, as in the reference implementation (100 MB).
    static let maximumHeaderLength = 100_000_000
    /// At most this many problems are spelled out in one error; the rest are counted.
    static let maximumListedProblems = 20

    /// Ordered by `begin`: the order of the data.
    let entries: [Entry]
    let metadata: [String: String]
    /// Offset of the data section in the file: 8 + N.
    let dataStart: Int

    /// Parses and checks the header of the whole file `bytes`. `origin` names the file in
    /// error messages ("safetensors file /path/x.safetensors").
    init(parsing bytes: [UInt8], origin: String) throws {
        let headerLength = try Self.headerLength(prefix: bytes.prefix(8), fileLength: bytes.count, origin: origin)
        try self.init(json: bytes[8..<(8 + headerLength)], fileLength: bytes.count, origin: origin)
    }

    /// The JSON header's length N from the file's first 8 bytes, checked against the limit
    /// and against `fileLength`, so the caller may then read exactly N bytes.
    static func headerLength(prefix: ArraySlice<UInt8>, fileLength: Int, origin: String) throws -> Int {
        guard prefix.count >= 8, fileLength >= 8 else {
            throw StrataError.invalidFile(
                "\(origin) is \(fileLength) bytes long; expected at least 8 (the header length) (truncated file?)")
        }
        let declared = prefix.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard declared <= UInt64(Self.maximumHeaderLength) else {
            throw StrataError.invalidFile(
                "\(origin) declares a header of \(declared) bytes; expected at most \(Self.maximumHeaderLength)")
        }
        let headerLength = Int(declared)
        guard 8 + headerLength <= fileLength else {
            throw StrataError.invalidFile(
                "\(origin) declares a header of \(headerLength) bytes, which needs \(8 + headerLength) bytes, "
                    + "but the file has only \(fileLength) (truncated file?)")
        }
        return headerLength
    }

    /// Parses and checks the JSON header `json` (file bytes 8..<8+N) of a file of
    /// `fileLength` bytes; the data section is the rest of the file.
    init(json: ArraySlice<UInt8>, fileLength: Int, origin: String) throws {
        dataStart = 8 + json.count
        let dataLength = fileLength - dataStart
        let root = try Self.parseJSON(json, origin: origin)

        guard case .object(let fields) = root else {
            throw StrataError.invalidFile(
                "\(origin): header is a JSON \(root.kind); expected an object mapping tensor names to entries")
        }
        var problems: [String] = []
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for name in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let value = fields[name]!
            if name == Safetensors.metadataKey {
                guard case .object(let pairs) = value else {
                    problems.append("\"\(name)\" is a JSON \(value.kind); expected an object of strings")
                    continue
                }
                for key in pairs.keys.sorted() {
                    let item = pairs[key]!
                    guard case .string(let text) = item else {
                        problems.append("\"\(name)\" value for \(Self.quoted(key)) is a JSON \(item.kind); expected a string")
                        continue
                    }
                    metadata[key] = text
                }
            } else {
                switch Self.entry(named: name, value, dataLength: dataLength) {
                case .success(let entry): entries.append(entry)
                case .failure(let problem): problems.append(problem.message)
                }
            }
        }
        // The layout is only meaningful once every entry is well formed on its own.
        if problems.isEmpty { problems = Self.layoutProblems(entries, dataLength: dataLength) }
        guard problems.isEmpty else { throw Self.error(listing: problems, origin: origin) }
        self.entries = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        self.metadata = metadata
    }

    // MARK: Entries

    struct Problem: Error { let message: String }

    /// Checks one tensor entry alone: fields, dtype, rank, dimensions, offsets against the
    /// data section and against the byte count of its shape.
    static func entry(named name: String, _ value: SafetensorsJSON, dataLength: Int) -> Result<Entry, Problem> {
        let tensor = "tensor \(quoted(name))"
        guard case .object(let fields) = value else {
            return .failure(Problem(message:
                "\(tensor) is a JSON \(value.kind); expected an object with \"dtype\", \"shape\" and \"data_offsets\""))
        }
        let missing = ["dtype", "shape", "data_offsets"].filter { fields[$0] == nil }
        guard missing.isEmpty else {
            return .failure(Problem(message:
                "\(tensor) has no " + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                    + "; expected \"dtype\", \"shape\" and \"data_offsets\""))
        }
        guard case .string(let dtypeName) = fields["dtype"]! else {
            return .failure(Problem(message: "\(tensor) has a dtype that is a JSON \(fields["dtype"]!.kind); expected a string such as \"F32\""))
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            return .failure(Problem(message:
                "\(tensor) has dtype \(quoted(dtypeName)); Strata reads \(SafetensorsDType.accepted) (floats become float32): "
                    + "convert the tensor before saving"))
        }
        guard let dimensions = fields["shape"]!.integers else {
            return .failure(Problem(message: "\(tensor) has shape \(fields["shape"]!.summary); expected a list of whole numbers"))
        }
        guard dimensions.count <= Shape.maximumRank else {
            return .failure(Problem(message:
                "\(tensor) has shape \(dimensions) of rank \(dimensions.count); Strata tensors have rank 0 to \(Shape.maximumRank)"))
        }
        if let bad = dimensions.firstIndex(where: { $0 < 0 }) {
            return .failure(Problem(message:
                "\(tensor) has shape \(dimensions) with dimension \(bad) = \(dimensions[bad]); Strata tensors need every dimension >= 0"))
        }
        var byteCount = dtype.byteWidth
        for d in dimensions {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: d)
            guard !overflow else {
                return .failure(Problem(message: "\(tensor) has shape \(dimensions), whose byte count overflows Int"))
            }
            byteCount = product
        }
        guard let offsets = fields["data_offsets"]!.integers, offsets.count == 2,
              offsets[0] >= 0, offsets[0] <= offsets[1] else {
            return .failure(Problem(message:
                "\(tensor) has data_offsets \(fields["data_offsets"]!.summary); expected [begin, end] with 0 <= begin <= end"))
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard end <= dataLength else {
            return .failure(Problem(message:
                "\(tensor) has data_offsets [\(begin), \(end)], past the end of the \(dataLength)-byte data section"))
        }
        guard end - begin == byteCount else {
            return .failure(Problem(message:
                "\(tensor) has shape \(dimensions) (\(byteCount / dtype.byteWidth) \(dtype.typeName) values = \(byteCount) bytes) "
                    + "but data_offsets [\(begin), \(end)] hold \(end - begin) bytes"))
        }
        let shape: Shape
        do { shape = try Shape(dimensions) } catch {
            // Rank and signs were checked above; what is left is an empty shape whose other
            // dimensions multiply past Int.
            return .failure(Problem(message: "\(tensor) has shape \(dimensions): \(error)"))
        }
        return .success(Entry(name: name, shape: shape, dtype: dtype, begin: begin, end: end))
    }

    /// The ranges must tile `0..<dataLength`: no gap, no overlap, nothing left over.
    static func layoutProblems(_ entries: [Entry], dataLength: Int) -> [String] {
        var problems: [String] = []
        var covered = 0
        var previous: Entry?
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if entry.begin > covered {
                let after = previous.map { " (after tensor \(quoted($0.name)))" } ?? " (at the start)"
                problems.append(
                    "bytes [\(covered), \(entry.begin)) of the data section belong to no tensor\(after); "
                        + "expected tensor \(quoted(entry.name)) to begin at \(covered) "
                        + "(a tensor missing from the header, or a name given twice?)")
            } else if entry.begin < covered, let previous {
                problems.append(
                    "tensors \(quoted(previous.name)) [\(previous.begin), \(previous.end)] and "
                        + "\(quoted(entry.name)) [\(entry.begin), \(entry.end)] overlap; expected disjoint ranges")
            }
            if entry.end >= covered { covered = entry.end; previous = entry }
        }
        if covered < dataLength {
            problems.append(
                "the tensors end at byte \(covered) but the data section has \(dataLength) bytes; "
                    + "expected the last tensor to end at \(dataLength)")
        }
        return problems
    }

    // MARK: Messages

    static func error(listing problems: [String], origin: String) -> StrataError {
        if problems.count == 1 { return .invalidFile("\(origin): \(problems[0])") }
        var listed = problems.prefix(maximumListedProblems).map { "  - \($0)" }
        if problems.count > maximumListedProblems {
            listed.append("  - and \(problems.count - maximumListedProblems) more")
        }
        return .invalidFile("\(origin) has \(problems.count) problems:\n" + listed.joined(separator: "\n"))
    }

    /// A name for messages: quoted, control characters escaped, long names shortened
    /// (a hostile file may use a 100 MB name).
    static func quoted(_ name: String) -> String {
        let limit = 120
        let short = name.unicodeScalars.count > limit ? String(name.unicodeScalars.prefix(limit)) + "…" : name
        return "\"" + short.unicodeScalars.map { $0.escaped(asASCII: false) }.joined() + "\""
    }

    // MARK: JSON

    static func parseJSON(_ header: ArraySlice<UInt8>, origin: String) throws -> SafetensorsJSON {
        guard String(validating: header, as: UTF8.self) != nil else {
            throw StrataError.invalidFile("\(origin): the \(header.count)-byte header is not valid UTF-8; expected UTF-8 JSON")
        }
        do {
            return try JSONDecoder().decode(SafetensorsJSON.self, from: Data(header))
        } catch {
            let preview = String(decoding: header.prefix(60), as: UTF8.self)
            throw StrataError.invalidFile(
                "\(origin): the \(header.count)-byte header is not valid JSON (it begins \(quoted(preview))); "
                    + "expected a JSON object")
        }
    }
}

/// Any JSON value. The decoder limits nesting depth, so decoding a hostile header
/// cannot exhaust the stack.
indirect enum SafetensorsJSON: Decodable {
    case null, bool(Bool), integer(Int), number(Double), string(String)
    case array([SafetensorsJSON]), object([String: SafetensorsJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int.self) { self = .integer(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([SafetensorsJSON].self) { self = .array(value); return }
        self = .object(try container.decode([String: SafetensorsJSON].self))
    }

    /// The elements of an array of integers (each within `Int`), else nil.
    var integers: [Int]? {
        guard case .array(let items) = self else { return nil }
        var result: [Int] = []
        for item in items {
            guard case .integer(let value) = item else { return nil }
            result.append(value)
        }
        return result
    }

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A short rendering for messages.
    var summary: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): SafetensorsHeader.quoted(value)
        case .array(let items):
            "[" + items.prefix(8).map(\.summary).joined(separator: ", ") + (items.count > 8 ? ", …]" : "]")
        case .object: "an object"
        }
    }
}
