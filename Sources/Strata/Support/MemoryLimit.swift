import Foundation
import Synchronization

/// The most memory one plan or one tensor the engine allocates for a user may take, checked
/// before allocating, so an absurd input shape or a hostile model ends in an error instead
/// of an abort ("failed to allocate") or a machine that swaps.
///
/// The default is half of the memory the process may really use: the smallest of physical
/// memory, its address-space limit (`ulimit -v`, `RLIMIT_AS`) and its cgroup's limit (a
/// container's `memory.max`), since past those an allocation aborts the process or the
/// kernel kills it. The environment variable `STRATA_MEMORY_LIMIT`
/// (bytes, or with a K, M, G or T suffix: `STRATA_MEMORY_LIMIT=4G`) or ``bytes`` changes it.
public enum MemoryLimit {
    /// The limit in bytes.
    public static var bytes: Int {
        get { limit.withLock { $0 } }
        set { limit.withLock { $0 = max(0, newValue) } }
    }

    private static let limit = Locked<Int>(defaultBytes)

    static var defaultBytes: Int {
        do {
            if let bytes = try environmentBytes() { return bytes }
        } catch {
            // A library cannot refuse to start; say why the setting is ignored.
            FileHandle.standardError.write(Data("strata: \(error); using the default, \(usableBytes / 2) bytes\n".utf8))
        }
        return usableBytes / 2
    }

    /// The limit `STRATA_MEMORY_LIMIT` asks for: nil when unset.
    /// - Throws: ``StrataError/invalidArgument(_:)`` when it is set but is not a byte count
    ///   (``parse(_:)``).
    public static func environmentBytes() throws -> Int? {
        guard let text = ProcessInfo.processInfo.environment["STRATA_MEMORY_LIMIT"] else { return nil }
        guard let bytes = parse(text) else {
            throw StrataError.invalidArgument(
                "STRATA_MEMORY_LIMIT is '\(text)'; expected a byte count such as 4294967296, 512M or 4G (K, M, G, T: powers of 1024)")
        }
        return bytes
    }

    /// The smallest of physical memory, `RLIMIT_AS` and the cgroup (v2 or v1) memory limit.
    static var usableBytes: Int {
        var usable = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {   // RLIM_INFINITY
            usable = min(usable, Int(clamping: limit.rlim_cur))
        }
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            // "max" (v2) or a huge number (v1) means no limit; both fail or lose to the minimum.
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), value > 0 {
                usable = min(usable, value)
            }
        }
        return usable
    }

    /// `4096`, `512M`, `4G`: bytes with an optional binary suffix (K, M, G, T: powers of
    /// 1024); nil if malformed, negative or past `Int.max`.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(trimmed), scale = 1
        if let last = trimmed.last, let unit = units[last] { (digits, scale) = (trimmed.dropLast(), unit) }
        guard let value = Int(digits), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }

    /// Throws ``StrataError/memoryLimit(_:)`` unless `floats` float32 values fit the limit,
    /// and `within` (a smaller budget of one model, ``CompileOptions/memoryLimitBytes``)
    /// when given; `what` names the allocation ("the arena of ...").
    public static func check(floats: Int, _ what: @autoclosure () -> String, within: Int? = nil) throws {
        let (needed, overflow) = floats.multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        let process = bytes
        let allowed = min(process, within ?? .max)
        guard !overflow, needed <= allowed else {
            let amount = overflow ? "more than \(Int.max) bytes" : "\(needed) bytes (\(needed >> 20) MiB)"
            let remedy = allowed < process
                ? "the model's memory limit (CompileOptions.memoryLimitBytes) allows no more"
                : "set STRATA_MEMORY_LIMIT or MemoryLimit.bytes to allow more"
            throw StrataError.memoryLimit(
                "\(what()) needs \(amount); the limit is \(allowed) bytes (\(allowed >> 20) MiB): \(remedy)")
        }
    }

    /// The sum of `counts`, or nil on overflow.
    static func total(_ counts: [Int]) -> Int? {
        var sum = 0
        for count in counts {
            let (next, overflow) = sum.addingReportingOverflow(count)
            if overflow { return nil }
            sum = next
        }
        return sum
    }
}
