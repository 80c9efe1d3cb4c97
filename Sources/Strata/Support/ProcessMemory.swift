import Foundation

/// The process's memory use, as benchmarks report it.
public enum ProcessMemory {
    /// The peak resident set size of this process so far, in bytes (`getrusage`'s
    /// `ru_maxrss`, which Linux gives in KiB).
    public static var peakResidentBytes: Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return usage.ru_maxrss * 1024
    }
}
