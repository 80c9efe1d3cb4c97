import CZlib
import Foundation
import Strata
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An array of unsigned bytes read from an IDX file, the format of the MNIST and
/// Fashion-MNIST files, plain or gzip-compressed (`.gz`, read through zlib).
///
/// The format (http://yann.lecun.com/exdb/mnist/), all integers big-endian:
///
/// | offset      | size      | content                                                    |
/// |-------------|-----------|------------------------------------------------------------|
/// | 0           | 2         | zero                                                       |
/// | 2           | 1         | the type of the values: `0x08` unsigned byte (the only one read here) |
/// | 3           | 1         | the number of dimensions, R                                |
/// | 4           | 4 · R     | the dimensions, each a 32-bit unsigned integer             |
/// | 4 + 4 · R   | product   | the values, row-major (the last dimension varies fastest)  |
///
/// So the magic number (the first four bytes) is `0x00000803` for images (count, rows,
/// columns) and `0x00000801` for labels (count). The header's sizes are checked against the
/// file's length (a plain file must hold exactly the bytes its header declares; a gzip file
/// cannot hold more than 1032 times its length, deflate's largest ratio) and against
/// `MemoryLimit` (as float32 values, what a dataset makes of them) before anything is
/// allocated.
public struct IDXArray: Sendable, Equatable {
    /// The magic number of an IDX file of unsigned-byte images: count, rows, columns.
    public static let imagesMagic: UInt32 = 0x0000_0803
    /// The magic number of an IDX file of unsigned-byte labels: count.
    public static let labelsMagic: UInt32 = 0x0000_0801

    /// The dimensions from the header, outermost first (`[60000, 28, 28]`).
    public let dimensions: [Int]
    /// The values in row-major order; as many as the product of ``dimensions``.
    public let bytes: [UInt8]

    /// Reads the IDX file at `url`, plain or gzip-compressed (told apart by its first bytes,
    /// not its name), whose magic number must be `magic` (``imagesMagic`` or
    /// ``labelsMagic``).
    ///
    /// - Throws: `StrataError.invalidFile(_:)` naming the path: "no such file: PATH" when
    ///   it is missing; a corrupt or truncated gzip stream (zlib's reason); a wrong magic
    ///   number; a dimension of 0; data shorter than the header declares ("truncated") or
    ///   longer. `StrataError.memoryLimit(_:)` when the values would not fit `MemoryLimit`.
    public init(contentsOf url: URL, magic: UInt32) throws {
        let source = try GzipFile(url)
        let path = source.path
        var magicBytes = [UInt8](repeating: 0, count: 4)
        let gotMagic = try magicBytes.withUnsafeMutableBytes { try source.read(into: $0) }
        guard gotMagic == 4 else {
            throw StrataError.invalidFile("\(path) is truncated: \(gotMagic) bytes, too short for an IDX header")
        }
        let found = magicBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard found == magic else {
            throw StrataError.invalidFile(
                "\(path) has the magic number \(Self.hex(found)); expected \(Self.hex(magic)) (\(Self.kind(magic)))")
        }
        let rank = Int(magicBytes[3])
        var header = [UInt8](repeating: 0, count: 4 * rank)
        let gotHeader = try header.withUnsafeMutableBytes { try source.read(into: $0) }
        guard gotHeader == header.count else {
            throw StrataError.invalidFile(
                "\(path) is truncated: its header ends after \(4 + gotHeader) bytes; \(4 + header.count) expected")
        }
        var dimensions: [Int] = []
        var count = 1
        for axis in 0..<rank {
            let value = header[(4 * axis)..<(4 * axis + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard value > 0 else { throw StrataError.invalidFile("\(path): dimension \(axis) is 0 in the header") }
            dimensions.append(value)
            let (product, overflow) = count.multipliedReportingOverflow(by: value)
            guard !overflow else { throw StrataError.invalidFile("\(path): the header's dimensions \(dimensions) overflow") }
            count = product
        }
        let headerBytes = 4 + 4 * rank
        if source.isCompressed {
            // Deflate stores at most 258 bytes in a 2-bit code: no stream inflates past 1032:1.
            let (bound, overflow) = source.length.multipliedReportingOverflow(by: 1032)
            guard overflow || count <= bound else {
                throw StrataError.invalidFile(
                    "\(path) declares \(dimensions) (\(count) bytes), more than a gzip file of \(source.length) bytes "
                        + "can hold (deflate inflates at most 1032:1): the file is corrupt or truncated")
            }
        } else {
            let (needed, overflow) = headerBytes.addingReportingOverflow(count)
            guard !overflow, needed <= source.length else {
                throw StrataError.invalidFile(
                    "\(path) is truncated: its header declares \(dimensions) (\(count) bytes of data), "
                        + "but the file has \(source.length - headerBytes) bytes after the header")
            }
            guard needed == source.length else {
                throw StrataError.invalidFile(
                    "\(path) has \(source.length - needed) bytes after the \(count) its header \(dimensions) declares")
            }
        }
        try MemoryLimit.check(floats: count, "the \(count) values of \(path) as float32")
        var got = 0
        let values = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            got = try source.read(into: UnsafeMutableRawBufferPointer(buffer))
            // Zero what was not read, so the array is initialized before the error below.
            if got < count { (buffer.baseAddress! + got).initialize(repeating: 0, count: count - got) }
            initialized = count
        }
        guard got == count else {
            throw StrataError.invalidFile(
                "\(path) is truncated: its header declares \(dimensions) (\(count) bytes of data), "
                    + "but the data ends after \(got)")
        }
        if source.isCompressed {
            var extra: UInt8 = 0
            if try withUnsafeMutableBytes(of: &extra, { try source.read(into: $0) }) > 0 {
                throw StrataError.invalidFile(
                    "\(path) holds more than the \(count) bytes of data its header \(dimensions) declares")
            }
        }
        self.dimensions = dimensions
        self.bytes = values
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    static func kind(_ magic: UInt32) -> String {
        switch magic {
        case imagesMagic: "IDX unsigned-byte images: count, rows, columns"
        case labelsMagic: "IDX unsigned-byte labels: count"
        default: "IDX"
        }
    }
}

/// A file read through zlib's gz* API: gzip members are inflated (their CRC checked), any
/// other file is read as it is.
final class GzipFile {
    let path: String
    /// The file's length on disk in bytes (compressed, for a gzip file).
    let length: Int
    /// Whether the file is gzip (zlib's `gzdirect` is 0).
    let isCompressed: Bool
    private let file: gzFile

    init(_ url: URL) throws {
        guard url.isFileURL else { throw StrataError.invalidFile("\(url) is not a file URL; expected file://...") }
        path = url.path
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { throw StrataError.invalidFile("no such file: \(path)") }
            throw StrataError.invalidFile("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw StrataError.invalidFile("\(path) is not a regular file; expected an IDX file")
        }
        length = Int(status.st_size)
        guard let opened = gzopen(path, "rb") else {
            throw StrataError.invalidFile("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        file = opened
        // Right after gzopen, gzdirect looks at the first bytes: 1 unless they are gzip's.
        isCompressed = gzdirect(file) == 0
    }

    deinit { gzclose(file) }

    /// Fills `buffer`; returns how many bytes it got, fewer only at the end of the data.
    /// Throws when zlib reports an error (a corrupt or truncated gzip stream).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var count = 0
        while count < buffer.count {
            let chunk = UInt32(min(buffer.count - count, 1 << 30))
            let got = gzread(file, buffer.baseAddress! + count, chunk)
            if got > 0 { count += Int(got); continue }
            var code: Int32 = 0
            var message = gzerror(file, &code).map { String(cString: $0) } ?? ""
            // zlib prefixes the path: "PATH: incorrect data check".
            if message.hasPrefix("\(path): ") { message.removeFirst(path.count + 2) }
            if got < 0 || code != Z_OK {
                if code == Z_BUF_ERROR {
                    throw StrataError.invalidFile(
                        "\(path) is truncated: its gzip stream ends early (\(message)) after \(count) bytes of this read")
                }
                if code == Z_ERRNO {
                    throw StrataError.invalidFile("cannot read \(path): \(String(cString: strerror(errno)))")
                }
                throw StrataError.invalidFile("\(path) is a corrupt gzip stream: \(message)")
            }
            break   // got == 0 and no error: the end of the data
        }
        return count
    }
}
