#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// NumPy's `.npy` format for one float32 array, the simplest way to move a tensor between
/// Python and Strata (`np.save("x.npy", x.astype("<f4"))`, `np.load("y.npy")`).
///
/// ```swift
/// let input = try Npy.read(contentsOf: URL(filePath: "in.npy"))   // [1, 3, 224, 224]
/// try Npy.write(output, to: URL(filePath: "out.npy"))              // refuses to overwrite
/// ```
///
/// Only float32, little-endian, C-order arrays of rank 1 to 4 are read (see `NpyHeader`);
/// anything else, and any truncated or damaged file, is a ``StrataError/invalidFile(_:)``
/// naming what was found and what was expected. Files are written as NumPy writes them:
/// version 1.0 (2.0 when the header needs more than 65535 bytes), the header padded with
/// spaces so the data starts on a 64-byte boundary.
public enum Npy {
    /// The bytes of a `.npy` file holding `tensor`.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        var bytes = header(descr: "<f4", shape: tensor.shape, dataBytes: 4 * tensor.elementCount)
        BinaryFile.appendLittleEndian(tensor, to: &bytes)
        return bytes
    }

    /// The bytes of a `.npy` file holding int64 `values` of `shape` (`'<i8'`): exact
    /// integer outputs such as a folded Shape, which float32 cannot hold above 2^24.
    public static func encode(integers values: [Int64], shape: Shape) -> [UInt8] {
        precondition(values.count == shape.elementCount, "\(values.count) values for shape \(shape)")
        var bytes = header(descr: "<i8", shape: shape, dataBytes: 8 * values.count)
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        return bytes
    }

    /// Writes int64 `values` of `shape` to `url` (see ``encode(integers:shape:)``), atomically,
    /// never replacing a file unless `overwrite` is true.
    public static func write(integers values: [Int64], shape: Shape, to url: URL, overwrite: Bool = false) throws {
        try SafetensorsFile.writeAtomically(encode(integers: values, shape: shape), to: url, overwrite: overwrite)
    }

    /// Magic, version, and the header dict padded so the data starts on a 64-byte boundary.
    private static func header(descr: String, shape dimensions: Shape, dataBytes: Int) -> [UInt8] {
        let shape = NpyHeader.tuple(dimensions.dimensions)
        let dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        // magic (6) + version (2) + length (2 or 4) + dict + padding + "\n" ≡ 0 mod 64
        var version: UInt8 = 1
        var preamble = 10
        if (preamble + dict.utf8.count + 1 + 63) / 64 * 64 - preamble > Int(UInt16.max) {
            version = 2
            preamble = 12
        }
        let headerLength = (preamble + dict.utf8.count + 1 + 63) / 64 * 64 - preamble
        var bytes = NpyHeader.magic + [version, 0]
        bytes.reserveCapacity(preamble + headerLength + dataBytes)
        for i in 0..<(version == 1 ? 2 : 4) { bytes.append(UInt8(truncatingIfNeeded: headerLength >> (8 * i))) }
        bytes += Array(dict.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: " "), count: headerLength - dict.utf8.count - 1)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// The tensor in a `.npy` file's bytes. Any byte sequence either decodes or throws a
    /// ``StrataError``; nothing traps.
    public static func decode(_ bytes: [UInt8]) throws -> Tensor {
        try decode(bytes, origin: "npy data")
    }

    static func decode(_ bytes: [UInt8], origin: String) throws -> Tensor {
        let header = try NpyHeader(parsing: bytes, origin: origin)
        var tensor = Tensor(shape: header.shape)
        bytes.withUnsafeBytes { file in
            // The header checked that exactly 4 * elementCount bytes follow dataStart.
            let source = UnsafeRawBufferPointer(rebasing: file[header.dataStart...])
            BinaryFile.readLittleEndian(source, into: &tensor)
        }
        return tensor
    }

    /// The tensor in the `.npy` file at `url`.
    public static func read(contentsOf url: URL) throws -> Tensor {
        let bytes = try SafetensorsFile.readAll(url, expecting: "a .npy file")
        return try decode(bytes, origin: "npy file \(SafetensorsFile.path(url))")
    }

    /// Writes `tensor` to `url` atomically (a temporary file, then a rename). An existing
    /// file is never replaced unless `overwrite` is true.
    public static func write(_ tensor: Tensor, to url: URL, overwrite: Bool = false) throws {
        try SafetensorsFile.writeAtomically(encode(tensor), to: url, overwrite: overwrite)
    }
}
