#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file open for reading at chosen offsets (`pread`), so a reader takes only the
/// bytes it needs: a safetensors header without its data, one tensor at a time. Every
/// failure is a ``StrataError/invalidFile(_:)`` naming the path and the system's reason.
final class ReadOnlyFile {
    let path: String
    /// The file's length in bytes when it was opened.
    let length: Int
    private let descriptor: Int32

    /// Opens the regular file at `url`; `kind` names what the caller wanted ("a .npy
    /// file"), for the message when `url` is a folder or a device.
    init(_ url: URL, expecting kind: String) throws {
        guard url.isFileURL else { throw StrataError.invalidFile("\(url) is not a file URL; expected file://...") }
        path = SafetensorsFile.path(url)
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever;
        // the type check below then refuses it. Regular files ignore the flag.
        descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            // The common mistake (a typo in a path) gets a plain message, not errno's text.
            if errno == ENOENT { throw StrataError.invalidFile("no such file: \(path)") }
            throw SafetensorsFile.systemError("open", path)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = SafetensorsFile.systemError("inspect", path)
            close(descriptor)
            throw error
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw StrataError.invalidFile("\(path) is not a regular file; expected \(kind)")
        }
        length = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// Fills `buffer` from the bytes at `offset`; returns how many were read, fewer than
    /// the buffer's size only at the end of the file (when it shrank since it was opened).
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var count = 0
        while count < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + count, buffer.count - count, off_t(offset + count))
            if got > 0 { count += got; continue }
            if got < 0 && errno == EINTR { continue }
            if got < 0 { throw SafetensorsFile.systemError("read", path) }
            break
        }
        return count
    }

    /// The `count` bytes at `offset`, fewer only at the end of the file.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        var failure: Error?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do { initialized = try read(at: offset, into: UnsafeMutableRawBufferPointer(buffer)) } catch { failure = error }
        }
        if let failure { throw failure }
        return bytes
    }

    /// The `count` bytes at `offset`, or an error when the file has fewer (it shrank
    /// after `what` was checked against its length).
    func readExactly(at offset: Int, count: Int, _ what: String) throws -> [UInt8] {
        let bytes = try read(at: offset, count: count)
        guard bytes.count == count else {
            throw StrataError.invalidFile(
                "\(path) ended after \(offset + bytes.count) bytes while reading \(what), which needs bytes "
                    + "\(offset)..<\(offset + count); the file shrank while it was read")
        }
        return bytes
    }
}
