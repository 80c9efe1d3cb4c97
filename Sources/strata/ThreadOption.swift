import Foundation
import Strata

/// `--threads T`: the engine's thread count for this command.
enum ThreadOption {
    /// Sets ``Threading/workers`` to `requested`, else to `STRATA_NUM_THREADS`, else leaves
    /// one thread per core; returns the count plans should use. Above the cores the
    /// process may use it is clamped (more threads than cores only preempt each other),
    /// with a note on stderr saying so.
    /// - Throws: when `STRATA_NUM_THREADS` is set but not an integer >= 1.
    static func apply(_ requested: Int?) throws -> Int {
        guard let requested = try requested ?? ExecutionContext.environmentThreads() else { return Threading.workers }
        Threading.workers = requested
        let used = Threading.workers
        if used < requested {
            FileHandle.standardError.write(Data(
                "note: \(requested) threads is more than the \(Threading.cores) cores this process may use; using \(used)\n".utf8))
        }
        return used
    }
}
