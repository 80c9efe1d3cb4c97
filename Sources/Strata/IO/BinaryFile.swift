#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Whole-file reads and atomic, no-clobber writes for Strata's file formats and for
/// modules built on Strata (PNG in StrataVision). Every failure is a
/// ``StrataError/invalidFile(_:)`` naming the path and the system's reason.
public enum BinaryFile {
    /// Every byte of the regular file at `url`; `kind` names the file the caller wanted,
    /// for the message when `url` is a folder or a device.
    public static func read(_ url: URL, expecting kind: String) throws -> [UInt8] {
        try SafetensorsFile.readAll(url, expecting: kind)
    }

    /// Writes `bytes` to `url` atomically; an existing file is replaced only if `overwrite`.
    public static func write(_ bytes: [UInt8], to url: URL, overwrite: Bool = false) throws {
        try SafetensorsFile.writeAtomically(bytes, to: url, overwrite: overwrite)
    }

    /// The file-system path of `url`, for messages.
    public static func path(_ url: URL) -> String { SafetensorsFile.path(url) }

    /// Appends the tensor's elements as little-endian float32 bytes (the layout of both
    /// safetensors and `.npy` `<f4` data).
    static func appendLittleEndian(_ tensor: Tensor, to bytes: inout [UInt8]) {
        tensor.withUnsafeBufferPointer { values in
            #if _endian(little)
            bytes += UnsafeRawBufferPointer(values)
            #else
            for value in values {
                let bits = value.bitPattern
                bytes += (0..<4).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt32($0))) }
            }
            #endif
        }
    }

    /// Fills `tensor` from little-endian float32 bytes; `source` holds exactly
    /// 4 · elementCount bytes (the caller's header checks guarantee it).
    static func readLittleEndian(_ source: UnsafeRawBufferPointer, into tensor: inout Tensor) {
        tensor.withUnsafeMutableBufferPointer { values in
            #if _endian(little)
            UnsafeMutableRawBufferPointer(values).copyMemory(from: source)
            #else
            for i in values.indices {
                values[i] = Float(bitPattern: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian)
            }
            #endif
        }
    }
}
