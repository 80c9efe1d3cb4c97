import Foundation

/// The process's memory use, as benchmarks report it.
public enum ProcessMemory {
    /// The peak resident set size of this process's program so far, in bytes: `VmHWM` of
    /// `/proc/self/status` (Linux). Not `getrusage`'s `ru_maxrss`, which survives `exec`:
    /// a `strata bench` started by a test process reported the test runner's gigabyte.
    /// Falls back to `ru_maxrss` where `/proc` is missing.
    public static var peakResidentBytes: Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") {
            return kib * 1024
        }
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return usage.ru_maxrss * 1024
    }
}
