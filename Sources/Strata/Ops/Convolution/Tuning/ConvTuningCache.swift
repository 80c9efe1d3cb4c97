#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The convolution algorithms ``ConvTuner`` measured fastest, by machine and by layer,
/// optionally kept in a JSON file the user owns (`strata bench --tune` writes
/// `~/.cache/strata/conv-tuning.json` unless told otherwise).
///
/// A layer's entry is keyed by everything its timing depends on: the machine (CPU model
/// and OpenBLAS core), the convolution's hyper-parameters, its input shape, its fused
/// activation and the worker count. Entries of other machines are kept in the file but
/// never used here. The file is only ever replaced atomically, after merging what another
/// process may have added meanwhile; a file that is not a tuning cache is an error, never
/// overwritten.
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
        var unsaved = false
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
        self.url = url
        self.machine = machine
        state = Locked(State(file: try url.map(Self.load) ?? TuningFile()))
    }

    /// `$STRATA_TUNING_CACHE`, else `$XDG_CACHE_HOME/strata/conv-tuning.json`, else
    /// `~/.cache/strata/conv-tuning.json` (the XDG base-directory default).
    public static var defaultURL: URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["STRATA_TUNING_CACHE"], !path.isEmpty { return URL(filePath: path) }
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(filePath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache")
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
            state.unsaved = true
        }
    }

    /// Entries for this machine.
    public var count: Int { state.withLock { $0.file.machines[machine]?.count ?? 0 } }

    /// Writes new entries to the file (creating its folder), merged with what the file
    /// holds now; does nothing without a file or without new entries.
    /// - Throws: ``StrataError/invalidFile(_:)`` when the file cannot be read back or written.
    public func save() throws {
        guard let url else { return }
        try state.withLock { state in
            guard state.unsaved else { return }
            var merged = try Self.load(url)
            for (machine, entries) in state.file.machines {
                merged.machines[machine, default: [:]].merge(entries) { _, ours in ours }
            }
            let folder = url.deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw StrataError.invalidFile("cannot create the folder \(BinaryFile.path(folder)) of the tuning cache: \(error)")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try BinaryFile.write(Array(try encoder.encode(merged)), to: url, overwrite: true)
            state.file = merged
            state.unsaved = false
        }
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
