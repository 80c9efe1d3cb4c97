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

/// Whole-file reads (see ``ReadOnlyFile``) and atomic, no-clobber writes with POSIX calls, so every failure is a
/// ``StrataError`` that names the path and the system's reason.
enum SafetensorsFile {
    static func path(_ url: URL) -> String { url.path(percentEncoded: false) }

    static func systemError(_ action: String, _ path: String, _ code: Int32 = errno) -> StrataError {
        .invalidFile("cannot \(action) \(path): \(String(cString: strerror(code))) (errno \(code))")
    }

    static func alreadyExists(_ path: String) -> StrataError {
        .invalidFile("\(path) already exists; pass overwrite: true to replace it, or choose another path")
    }

    /// Every byte of the regular file at `url` (what is there, if it shrinks meanwhile).
    static func readAll(_ url: URL, expecting kind: String = "a .safetensors file") throws -> [UInt8] {
        let file = try ReadOnlyFile(url, expecting: kind)
        return try file.read(at: 0, count: file.length)
    }

    /// Writes `bytes` to a temporary file beside `url`, flushes it to disk, then moves it
    /// into place: `rename` when replacing is allowed; otherwise `link`, which fails if the
    /// name exists, so a file that appears between the check and the move is not lost.
    static func writeAtomically(_ bytes: [UInt8], to url: URL, overwrite: Bool) throws {
        guard url.isFileURL else { throw StrataError.invalidFile("\(url) is not a file URL; expected file://...") }
        let path = Self.path(url)
        var existing = stat()
        if !overwrite && lstat(path, &existing) == 0 { throw alreadyExists(path) }

        let directory = Self.path(url.deletingLastPathComponent())
        let temporary = Self.path(url.deletingLastPathComponent().appending(
            path: ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"))
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw systemError("create a temporary file in", directory) }
        // A replaced file keeps its permissions (a private 0600 file stays private).
        var replaced = stat()
        if overwrite && stat(path, &replaced) == 0 { _ = fchmod(descriptor, replaced.st_mode & 0o7777) }
        // After a link the temporary name is a second name of the file; after a rename it
        // is gone. Either way it must not stay behind.
        defer { unlink(temporary) }

        var written = 0
        let writeError: Int32 = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let done = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if done > 0 { written += done; continue }
                if done < 0 && errno == EINTR { continue }
                return done < 0 ? errno : EIO
            }
            return fsync(descriptor) == 0 ? 0 : errno
        }
        close(descriptor)
        if writeError != 0 { throw systemError("write", temporary, writeError) }

        if overwrite {
            guard rename(temporary, path) == 0 else { throw systemError("replace", path) }
        } else if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST { throw alreadyExists(path) }
            // Some file systems have no hard links: check again, then rename.
            guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == ENOSYS else {
                throw systemError("create", path, code)
            }
            if lstat(path, &existing) == 0 { throw alreadyExists(path) }
            guard rename(temporary, path) == 0 else { throw systemError("create", path) }
        }
    }
}
