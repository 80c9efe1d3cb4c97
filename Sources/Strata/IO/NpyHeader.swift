/// The parsed and checked preamble of a `.npy` file (NumPy format versions 1.0 and 2.0).
///
/// ```
/// bytes 0..<6    magic "\x93NUMPY"
/// byte  6, 7     major, minor version (1.0 or 2.0)
/// bytes 8..      header length L: UInt16 LE (1.0) or UInt32 LE (2.0)
/// then L bytes   a Python dict literal, space-padded, ending in "\n":
///                {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
/// then           the data: product(shape) elements in C order
/// ```
///
/// Only float32 little-endian C-order arrays of rank 0 to 8 are accepted; anything else is
/// a ``StrataError/invalidFile(_:)`` that names what was found and what was expected.
struct NpyHeader {
    let shape: Shape
    /// Offset of the first data byte.
    let dataStart: Int

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    init(parsing bytes: [UInt8], origin: String) throws {
        func invalid(_ message: String) -> StrataError { .invalidFile("\(origin): \(message)") }
        guard bytes.count >= 8 else {
            throw invalid("\(bytes.count) bytes long; expected at least 8 bytes (magic and version): truncated")
        }
        guard Array(bytes[0..<6]) == Self.magic else {
            throw invalid("does not start with the .npy magic \\x93NUMPY; expected a NumPy .npy file")
        }
        let (major, minor) = (Int(bytes[6]), Int(bytes[7]))
        let lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0): lengthBytes = 4
        default: throw invalid("format version \(major).\(minor); expected 1.0 or 2.0")
        }
        guard bytes.count >= 8 + lengthBytes else {
            throw invalid("\(bytes.count) bytes long; expected at least \(8 + lengthBytes) for a version \(major).0 preamble: truncated")
        }
        var headerLength = 0
        for i in 0..<lengthBytes { headerLength |= Int(bytes[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes
        guard bytes.count - start >= headerLength else {
            throw invalid("header of \(headerLength) bytes needs \(start + headerLength) bytes, the file has only \(bytes.count): truncated")
        }
        guard let text = String(validating: bytes[start..<(start + headerLength)], as: UTF8.self) else {
            throw invalid("header is not valid text; expected a Python dict literal")
        }
        var parser = NpyDictParser(text: text)
        let fields: [String: NpyDictParser.Value]
        do { fields = try parser.parseDict() } catch let error as NpyDictParser.Failure {
            throw invalid("header \(Self.quote(text)) does not parse (\(error.message)); expected {'descr': '<f4', 'fortran_order': False, 'shape': (...)}")
        }
        let keys = Set(fields.keys)
        guard keys == ["descr", "fortran_order", "shape"] else {
            throw invalid("header keys \(keys.sorted()); expected exactly descr, fortran_order, shape")
        }
        guard case .string(let descr) = fields["descr"]! else { throw invalid("'descr' is not a string; expected '<f4'") }
        guard descr == "<f4" else { throw invalid("dtype '\(descr)' (\(Self.dtypeName(descr))); expected '<f4' (float32, little-endian): save it with np.save(path, a.astype('<f4'))") }
        guard case .bool(let fortran) = fields["fortran_order"]! else {
            throw invalid("'fortran_order' is not True or False; expected False")
        }
        guard !fortran else { throw invalid("fortran_order is True (column-major); expected False (C order): save np.ascontiguousarray(a)") }
        guard case .tuple(let dimensions) = fields["shape"]! else { throw invalid("'shape' is not a tuple of integers") }
        guard dimensions.count <= Shape.maximumRank else {
            throw invalid("shape \(Self.tuple(dimensions)) has rank \(dimensions.count); expected rank 0 to \(Shape.maximumRank)")
        }
        guard dimensions.allSatisfy({ $0 >= 0 }) else {
            throw invalid("shape \(Self.tuple(dimensions)) has a negative dimension; expected every dimension >= 0")
        }
        do { shape = try Shape(dimensions) } catch let error as StrataError { throw invalid("\(error)") }

        dataStart = start + headerLength
        let (dataBytes, overflow) = shape.elementCount.multipliedReportingOverflow(by: 4)
        let available = bytes.count - dataStart
        guard !overflow, available >= dataBytes else {
            throw invalid("shape \(shape) needs \(overflow ? "more than Int.max" : String(dataBytes)) data bytes, the file has \(available): truncated")
        }
        guard available == dataBytes else {
            throw invalid("shape \(shape) needs \(dataBytes) data bytes, the file has \(available): \(available - dataBytes) trailing bytes")
        }
    }

    static func tuple(_ dimensions: [Int]) -> String {
        dimensions.count == 1 ? "(\(dimensions[0]),)" : "(" + dimensions.map(String.init).joined(separator: ", ") + ")"
    }

    static func quote(_ text: String) -> String {
        let trimmed = text.trimmingSpaces
        return trimmed.count > 120 ? String(trimmed.prefix(120)) + "..." : trimmed
    }

    /// A readable name for a NumPy type string such as `>f4` or `<i8`.
    static func dtypeName(_ descr: String) -> String {
        let order: [Character: String] = ["<": "little-endian", ">": "big-endian", "|": "no byte order", "=": "native order"]
        let kinds: [Character: String] = ["f": "float", "i": "int", "u": "uint", "b": "bool", "c": "complex", "U": "unicode", "S": "bytes", "O": "object"]
        guard descr.count >= 2, let endian = order[descr.first!] else { return "not a simple type" }
        let rest = descr.dropFirst()
        guard let kind = kinds[rest.first!], let size = Int(rest.dropFirst()) else { return "not a simple type" }
        // The size comes from the file: multiplied with an overflow check (a header with
        // '<f2000000000000000000' trapped here while the error was being built).
        let (bitCount, overflow) = size.multipliedReportingOverflow(by: 8)
        guard size >= 0, !overflow else { return "\(kind) of \(size) bytes, \(endian)" }
        let bits = kind == "unicode" ? "\(size) characters" : "\(bitCount)-bit"
        return "\(kind) \(bits), \(endian)"
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let last = scalars.last, last == " " || last == "\n" { scalars.removeLast() }
        return String(scalars)
    }
}
