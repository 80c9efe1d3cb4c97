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

    /// The tensors in a safetensors file's bytes. Any byte sequence either decodes or
    /// throws a ``StrataError`` naming the tensor and the numbers; nothing traps.
    public static func decode(_ bytes: [UInt8]) throws -> [String: Tensor] {
        try decodeContents(bytes).tensors
    }

    /// The tensors and the `__metadata__` strings in a safetensors file's bytes.
    public static func decodeContents(_ bytes: [UInt8]) throws -> SafetensorsContents {
        try decodeContents(bytes, origin: "safetensors data")
    }

    static func decodeContents(_ bytes: [UInt8], origin: String) throws -> SafetensorsContents {
        let header = try SafetensorsHeader(parsing: bytes, origin: origin)
        var tensors: [String: Tensor] = [:]
        tensors.reserveCapacity(header.entries.count)
        bytes.withUnsafeBytes { file in
            for entry in header.entries {
                // The header checked begin...end against the data section and the shape.
                let source = UnsafeRawBufferPointer(rebasing: file[(header.dataStart + entry.begin)..<(header.dataStart + entry.end)])
                var tensor = Tensor(shape: entry.shape)
                BinaryFile.readLittleEndian(source, into: &tensor)
                tensors[entry.name] = tensor
            }
        }
        return SafetensorsContents(tensors: tensors, metadata: header.metadata)
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

    /// The tensors in the safetensors file at `url`.
    public static func read(contentsOf url: URL) throws -> [String: Tensor] {
        try readContents(of: url).tensors
    }

    /// The tensors and the `__metadata__` strings in the safetensors file at `url`. The
    /// header is read and checked first, then each tensor straight into its storage, so
    /// memory peaks at the tensors, not at the file plus the tensors.
    public static func readContents(of url: URL) throws -> SafetensorsContents {
        let file = try ReadOnlyFile(url, expecting: "a .safetensors file")
        let header = try readHeader(file)
        var tensors: [String: Tensor] = [:]
        tensors.reserveCapacity(header.entries.count)
        for entry in header.entries {
            let bytes = try file.readExactly(
                at: header.dataStart + entry.begin, count: entry.end - entry.begin, "tensor \(SafetensorsHeader.quoted(entry.name))")
            var tensor = Tensor(shape: entry.shape)
            bytes.withUnsafeBytes { BinaryFile.readLittleEndian($0, into: &tensor) }
            tensors[entry.name] = tensor
        }
        return SafetensorsContents(tensors: tensors, metadata: header.metadata)
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
    /// The tensors, by name (PyTorch's state_dict keys for a saved model); float32, in Strata's layouts.
    public var tensors: [String: Tensor]
    /// The header's `__metadata__` object, string to string (the format allows nothing else).
    public var metadata: [String: String]

    /// Contents to write; metadata defaults to none.
    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}
