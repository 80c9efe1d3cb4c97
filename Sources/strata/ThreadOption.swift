import Foundation
import Strata

/// `--threads T`: the engine's thread count for this command.
enum ThreadOption {
    /// Sets ``Threading/workers`` to `requested` and returns the count plans should use:
    /// above the cores the process may use it is clamped (more threads than cores only
    /// preempt each other), with a note on stderr saying so.
    static func apply(_ requested: Int) -> Int {
        Threading.workers = requested
        let used = Threading.workers
        if used < requested {
            FileHandle.standardError.write(Data(
                "note: --threads \(requested) is more than the \(Threading.cores) cores this process may use; using \(used)\n".utf8))
        }
        return used
    }
}
