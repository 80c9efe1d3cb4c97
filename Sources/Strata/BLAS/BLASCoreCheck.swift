import Foundation

/// Whether OpenBLAS runs kernels below what the CPU supports. OpenBLAS picks its kernels
/// ("core") at start-up, and `OPENBLAS_CORETYPE` can pin an older one (some machines set it
/// because older OpenBLAS misbehaves on newer CPUs); sgemm then runs at a fraction of the
/// CPU's peak, and every timing with it should say so.
public enum BLASCoreCheck {
    /// OpenBLAS cores that use AVX-512 (names as `openblas_get_corename` gives them).
    static let avx512Cores: Set<String> = ["skylakex", "cooperlake", "sapphirerapids", "zen4", "zen5"]

    /// A warning when `core` leaves AVX-512 unused on a CPU whose `cpuFlags` (the `flags`
    /// line of /proc/cpuinfo) include `avx512f`; nil otherwise.
    public static func warning(core: String, cpuFlags: Set<String>) -> String? {
        guard cpuFlags.contains("avx512f"), !avx512Cores.contains(core.lowercased()) else { return nil }
        let pinned = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { " (OPENBLAS_CORETYPE=\($0))" } ?? ""
        return "OpenBLAS runs its \(core) kernels\(pinned), but this CPU has AVX-512: sgemm runs below the CPU's peak"
    }

    /// The flags of the first CPU in /proc/cpuinfo (empty where it cannot be read).
    public static var cpuFlags: Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
}
