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
/// Only float32, little-endian, C-order arrays of rank 1 to 4 are read (see ``NpyHeader``);
/// anything else, and any truncated or damaged file, is a ``StrataError/invalidFile(_:)``
/// naming what was found and what was expected. Files are written as NumPy writes them:
/// version 1.0 (2.0 when the header needs more than 65535 bytes), the header padded with
/// spaces so the data starts on a 64-byte boundary.
public enum Npy {
    /// The bytes of a `.npy` file holding `tensor`.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let shape = NpyHeader.tuple(tensor.shape.dimensions)
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        // magic (6) + version (2) + length (2 or 4) + dict + padding + "\n" ≡ 0 mod 64
        var version: UInt8 = 1
        var preamble = 10
        if (preamble + dict.utf8.count + 1 + 63) / 64 * 64 - preamble > Int(UInt16.max) {
            version = 2
            preamble = 12
        }
        let headerLength = (preamble + dict.utf8.count + 1 + 63) / 64 * 64 - preamble
        var bytes = NpyHeader.magic + [version, 0]
        bytes.reserveCapacity(preamble + headerLength + 4 * tensor.elementCount)
        for i in 0..<(version == 1 ? 2 : 4) { bytes.append(UInt8(truncatingIfNeeded: headerLength >> (8 * i))) }
        bytes += Array(dict.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: " "), count: headerLength - dict.utf8.count - 1)
        bytes.append(UInt8(ascii: "\n"))
        BinaryFile.appendLittleEndian(tensor, to: &bytes)
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
