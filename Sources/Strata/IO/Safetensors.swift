#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Named float32 tensors in the safetensors format (Hugging Face), the format most
/// published weights come in.
///
/// ```swift
/// try Safetensors.write(["conv1.weight": conv.weight, "conv1.bias": conv.bias!], to: url)
/// let weights = try Safetensors.read(contentsOf: url)
/// try Safetensors.checkNames(expected: ["conv1.weight": [16, 3, 3, 3], "conv1.bias": [16]], found: weights)
/// ```
///
/// Layout (see `SafetensorsHeader` for the checks made when reading):
/// ```
/// [N: UInt64 little-endian][N bytes of JSON header, padded with spaces][data]
/// ```
/// Output is deterministic and byte-identical to the reference implementation's for the
/// same float32 tensors: names in UTF-8 byte order, data in that order, the header compact
/// JSON (`__metadata__` first, then each tensor's `dtype`, `shape`, `data_offsets`) padded
/// with spaces to a multiple of 8 bytes, so the data section starts 8-byte aligned.
public enum Safetensors {
    /// The reserved header key of the optional string-to-string metadata.
    public static let metadataKey = "__metadata__"

    // MARK: Bytes

    /// The file's bytes for `tensors` and `metadata`. Throws for a tensor named
    /// `"__metadata__"`, the key the format reserves.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> [UInt8] {
        guard tensors[metadataKey] == nil else {
            throw StrataError.invalidArgument(
                "a tensor is named \"\(metadataKey)\", the key safetensors reserves for metadata; expected another name")
        }
        let names = tensors.keys.sorted(by: byteOrder)
        var header = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted(by: byteOrder).map { jsonString($0) + ":" + jsonString(metadata[$0]!) }
            fields.append(jsonString(metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let end = offset + tensor.elementCount * MemoryLayout<Float>.size
            let shape = tensor.shape.dimensions.map(String.init).joined(separator: ",")
            fields.append(jsonString(name) + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += fields.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes += [UInt8](repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        let length = UInt64(headerBytes.count)
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
        bytes += headerBytes
        for name in names {
            BinaryFile.appendLittleEndian(tensors[name]!, to: &bytes)
        }
        return bytes
    }

    /// The float tensors in a safetensors file's bytes. Any byte sequence either decodes or
    /// throws a ``StrataError`` naming the tensor and the numbers; nothing traps. Throws for
    /// a file with integer tensors (use ``decodeContents(_:)``).
    public static func decode(_ bytes: [UInt8]) throws -> [String: Tensor] {
        try decodeContents(bytes).floatTensorsOnly(origin: "safetensors data")
    }

    /// The tensors (floats converted to float32, see ``SafetensorsDType``), the integer
    /// tensors and the `__metadata__` strings in a safetensors file's bytes.
    public static func decodeContents(_ bytes: [UInt8]) throws -> SafetensorsContents {
        try decodeContents(bytes, origin: "safetensors data")
    }

    static func decodeContents(_ bytes: [UInt8], origin: String) throws -> SafetensorsContents {
        let header = try SafetensorsHeader(parsing: bytes, origin: origin)
        var contents = SafetensorsContents(tensors: [:], metadata: header.metadata)
        contents.tensors.reserveCapacity(header.entries.count)
        bytes.withUnsafeBytes { file in
            for entry in header.entries {
                // The header checked begin...end against the data section and the shape.
                contents.add(entry, UnsafeRawBufferPointer(rebasing: file[(header.dataStart + entry.begin)..<(header.dataStart + entry.end)]))
            }
        }
        return contents
    }

    // MARK: Files

    /// Writes `tensors` to `url` atomically: the bytes go to a temporary file in the same
    /// folder, which is then renamed, so a reader never sees half a file. An existing file
    /// is never replaced unless `overwrite` is true.
    public static func write(
        _ tensors: [String: Tensor], to url: URL, metadata: [String: String] = [:], overwrite: Bool = false
    ) throws {
        let bytes = try encode(tensors, metadata: metadata)
        try SafetensorsFile.writeAtomically(bytes, to: url, overwrite: overwrite)
    }

    /// The float tensors in the safetensors file at `url` (`F16`, `BF16` and `F64` converted
    /// to float32, see ``SafetensorsDType``).
    /// - Throws: ``StrataError/invalidFile(_:)`` for a malformed file, or one holding integer
    ///   tensors (read those with ``readContents(of:)``).
    public static func read(contentsOf url: URL) throws -> [String: Tensor] {
        try readContents(of: url).floatTensorsOnly(origin: "safetensors file \(url.path(percentEncoded: false))")
    }

    /// The tensors, the integer tensors and the `__metadata__` strings in the safetensors
    /// file at `url`. The header is read and checked first, then each tensor straight into
    /// its storage, so memory peaks at the tensors, not at the file plus the tensors.
    public static func readContents(of url: URL) throws -> SafetensorsContents {
        let file = try ReadOnlyFile(url, expecting: "a .safetensors file")
        let header = try readHeader(file)
        var contents = SafetensorsContents(tensors: [:], metadata: header.metadata)
        contents.tensors.reserveCapacity(header.entries.count)
        for entry in header.entries {
            let bytes = try file.readExactly(
                at: header.dataStart + entry.begin, count: entry.end - entry.begin, "tensor \(SafetensorsHeader.quoted(entry.name))")
            bytes.withUnsafeBytes { contents.add(entry, $0) }
        }
        return contents
    }

    /// The name and shape of every tensor in the safetensors file at `url`, from its
    /// header alone: the data is not read (a 2 GB file costs its few-kilobyte header).
    /// Throws what ``read(contentsOf:)`` throws for a bad header.
    public static func shapes(in url: URL) throws -> [String: Shape] {
        let header = try readHeader(ReadOnlyFile(url, expecting: "a .safetensors file"))
        return Dictionary(uniqueKeysWithValues: header.entries.map { ($0.name, $0.shape) })
    }

    /// Reads and checks the 8-byte length and the JSON header, and nothing after them.
    private static func readHeader(_ file: ReadOnlyFile) throws -> SafetensorsHeader {
        let origin = "safetensors file \(file.path)"
        let prefix = try file.read(at: 0, count: min(8, file.length))
        let headerLength = try SafetensorsHeader.headerLength(prefix: prefix[...], fileLength: file.length, origin: origin)
        let json = try file.readExactly(at: 8, count: headerLength, "the \(headerLength)-byte header")
        return try SafetensorsHeader(json: json[...], fileLength: file.length, origin: origin)
    }

    // MARK: JSON writing

    /// UTF-8 byte order, as the reference implementation sorts (Swift's `<` on `String`
    /// compares canonical Unicode forms instead).
    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// A JSON string literal escaped as serde_json escapes it: `"` `\` and control
    /// characters only; everything else as UTF-8.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// What a safetensors file holds: its tensors by name and its `__metadata__` strings.
public struct SafetensorsContents: Sendable {
    /// The floating-point tensors (any of `F32`, `F16`, `BF16`, `F64`), as float32, by name
    /// (PyTorch's state_dict keys for a saved model), in Strata's layouts.
    public var tensors: [String: Tensor]
    /// The `I64` tensors, such as PyTorch BatchNorm's `num_batches_tracked` counters.
    public var integers: [String: IntegerTensor]
    /// The header's `__metadata__` object, string to string (the format allows nothing else).
    public var metadata: [String: String]

    /// An `I64` tensor: its shape and its values in row-major order.
    public struct IntegerTensor: Sendable, Equatable {
        /// The tensor's shape (rank 0 for a scalar counter).
        public var shape: Shape
        /// `shape.elementCount` values, row-major.
        public var values: [Int64]

        /// A tensor of `shape` holding `values` (row-major; the count is the caller's to match).
        public init(shape: Shape, values: [Int64]) {
            self.shape = shape
            self.values = values
        }
    }

    /// Contents to write or compare; integer tensors and metadata default to none.
    public init(tensors: [String: Tensor], integers: [String: IntegerTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.integers = integers
        self.metadata = metadata
    }

    /// Converts and stores one checked entry whose bytes are `source`.
    mutating func add(_ entry: SafetensorsHeader.Entry, _ source: UnsafeRawBufferPointer) {
        if entry.dtype == .int64 {
            let values = (0..<entry.shape.elementCount).map {
                Int64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))
            }
            integers[entry.name] = IntegerTensor(shape: entry.shape, values: values)
            return
        }
        var tensor = Tensor(shape: entry.shape)
        if entry.dtype == .float32 {
            BinaryFile.readLittleEndian(source, into: &tensor)
        } else {
            tensor.withUnsafeMutableBufferPointer { values in
                for i in values.indices { values[i] = entry.dtype.float(at: i, in: source) }
            }
        }
        tensors[entry.name] = tensor
    }

    /// ``tensors``, or an error naming the integer tensors a float-only reader would drop.
    func floatTensorsOnly(origin: String) throws -> [String: Tensor] {
        guard integers.isEmpty else {
            let names = integers.keys.sorted(by: Safetensors.byteOrder).map(SafetensorsHeader.quoted)
            throw StrataError.invalidFile(
                "\(origin) holds integer (I64) tensor\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")); "
                    + "expected float tensors only (Safetensors.readContents(of:) returns the integers too)")
        }
        return tensors
    }
}
