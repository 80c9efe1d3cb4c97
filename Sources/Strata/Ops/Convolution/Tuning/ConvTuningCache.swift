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

/// The convolution algorithms `ConvTuner` measured fastest, by machine and by layer,
/// optionally kept in a JSON file the user owns (`strata bench --tune` writes
/// `~/.cache/strata/conv-tuning.json` unless told otherwise).
///
/// A layer's entry is keyed by everything its timing depends on: the machine (CPU model
/// and OpenBLAS core), the convolution's hyper-parameters, its input shape, its fused
/// activation, the worker count and the workspace budget (in floats). Entries of other
/// machines are kept in the file but never used here. The file is only ever replaced
/// atomically (through a symbolic link: its target is replaced, keeping its permissions),
/// under an exclusive `flock` on `FILE.lock` beside it, after merging what other
/// processes saved meanwhile; a file that is not a tuning cache is an error, never
/// overwritten. The file is Strata's: keys other than these are not kept.
///
/// ```json
/// {"format": "strata-conv-tuning", "version": 1,
///  "machines": {"AMD EPYC 7B13 64-Core Processor, OpenBLAS Zen":
///                 {"conv 64->64 kernel 3x3 ... input [1, 64, 56, 56] ... workers 2": "winograd4x4"}}}
/// ```
public final class ConvTuningCache: Sendable {
    /// The file, or nil for a cache that lives only as long as this object.
    public let url: URL?
    /// This machine's name in the file.
    public let machine: String
    private let state: Locked<State>

    private struct State {
        var file: TuningFile
        /// Entries recorded since the last save: only these override the file's.
        var unsaved: [String: String] = [:]
        var measured = 0
    }

    struct TuningFile: Codable {
        static let formatName = "strata-conv-tuning"
        var format = TuningFile.formatName
        var version = 1
        var machines: [String: [String: String]] = [:]
    }

    /// A cache backed by `url`: its entries are read now if the file exists.
    /// - Throws: ``StrataError/invalidFile(_:)`` when the file exists but cannot be read
    ///   or is not a tuning cache (it is then left as it is).
    public init(url: URL?, machine: String = ConvTuningCache.thisMachine) throws {
        // Saving replaces the file a symbolic link points at, not the link.
        self.url = url?.resolvingSymlinksInPath()
        self.machine = machine
        state = Locked(State(file: try self.url.map(Self.load) ?? TuningFile()))
    }

    /// `$STRATA_TUNING_CACHE`, else `$XDG_CACHE_HOME/strata/conv-tuning.json`, else
    /// `$HOME/.cache/strata/conv-tuning.json` (the XDG base-directory default).
    public static var defaultURL: URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["STRATA_TUNING_CACHE"], !path.isEmpty { return URL(filePath: path) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : URL(filePath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(filePath: $0) } ?? home.appending(path: ".cache")
        return base.appending(path: "strata").appending(path: "conv-tuning.json")
    }

    /// The CPU model (from /proc/cpuinfo) and the OpenBLAS core in use: what decides
    /// which algorithm is fastest, besides the layer.
    public static var thisMachine: String {
        let model = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
        return "\(model ?? "unknown CPU"), OpenBLAS \(BLAS.coreName)"
    }

    /// The algorithm measured fastest for `layer` on this machine, if any.
    public func algorithm(for layer: String) -> ConvAlgorithm? {
        state.withLock { $0.file.machines[machine]?[layer] }.flatMap(ConvAlgorithm.init(rawValue:))
    }

    /// Remembers `algorithm` as the fastest for `layer` on this machine.
    public func record(_ algorithm: ConvAlgorithm, for layer: String) {
        state.withLock { state in
            state.file.machines[machine, default: [:]][layer] = algorithm.rawValue
            state.unsaved[layer] = algorithm.rawValue
            state.measured += 1
        }
    }

    /// Entries for this machine.
    public var count: Int { state.withLock { $0.file.machines[machine]?.count ?? 0 } }
    /// Layers this object has timed and recorded (not those it found in the file).
    public var measuredCount: Int { state.withLock { $0.measured } }

    /// Writes new entries to the file (creating its folder), merged with what the file
    /// holds now, under an exclusive lock on `FILE.lock`; does nothing without a file or
    /// without new entries.
    /// - Throws: ``StrataError/invalidFile(_:)`` naming the path when the folder, the lock
    ///   or the file cannot be made, read back or written.
    public func save() throws {
        guard let url else { return }
        let path = BinaryFile.path(url)
        try state.withLock { state in
            guard !state.unsaved.isEmpty else { return }
            do {
                try Self.makeFolder(url.deletingLastPathComponent())
                try Self.withFileLock(path + ".lock") {
                    var merged = try Self.load(url)
                    merged.machines[machine, default: [:]].merge(state.unsaved) { _, ours in ours }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    try BinaryFile.write(Array(try encoder.encode(merged)), to: url, overwrite: true)
                    state.file = merged
                }
            } catch StrataError.invalidFile(let message) {
                throw StrataError.invalidFile("cannot save the tuning cache \(path): \(message)")
            }
            state.unsaved = [:]
        }
    }

    /// Makes `folder` and its missing parents, with the system's reason when one fails.
    private static func makeFolder(_ folder: URL) throws {
        var path = BinaryFile.path(folder)
        // "a/b/" would resolve through b even when b is a file; "a/b" is what to check.
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else { throw StrataError.invalidFile("\(path) is not a folder") }
            return
        }
        let parent = folder.deletingLastPathComponent()
        if BinaryFile.path(parent) != path { try makeFolder(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw StrataError.invalidFile("cannot create the folder \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Runs `body` holding an exclusive `flock` on the file at `path` (made if missing):
    /// processes saving the same cache take turns, so none loses another's entries.
    private static func withFileLock(_ path: String, _ body: () throws -> Void) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StrataError.invalidFile("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }   // closing releases the lock
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw StrataError.invalidFile("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
        try body()
    }

    /// The file's contents; an empty cache when there is no file.
    private static func load(_ url: URL) throws -> TuningFile {
        let path = BinaryFile.path(url)
        guard FileManager.default.fileExists(atPath: path) else { return TuningFile() }
        let bytes = try BinaryFile.read(url, expecting: "a tuning cache (JSON)")
        guard let file = try? JSONDecoder().decode(TuningFile.self, from: Data(bytes)),
              file.format == TuningFile.formatName else {
            throw StrataError.invalidFile(
                "\(path) is not a convolution tuning cache (expected JSON with \"format\": \"\(TuningFile.formatName)\"); "
                    + "it was left as it is: delete it or choose another file")
        }
        guard file.version == 1 else {
            throw StrataError.invalidFile("\(path) is a tuning cache of version \(file.version); this Strata reads version 1")
        }
        return file
    }
}
