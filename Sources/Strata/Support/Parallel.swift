import Dispatch
import Foundation

/// The engine's own parallel loops. One setting, ``Threading/workers``, drives both these
/// loops and OpenBLAS: while the engine runs work items concurrently, each item calls BLAS
/// single-threaded, so BLAS threads and engine threads never fight over the same cores.
public enum Threading {
    /// Number of worker threads the engine uses for its kernels (1 = everything inline).
    /// Defaults to the number of cores. Setting it (or first reading it) also sets
    /// OpenBLAS to one thread: the engine parallelizes around BLAS calls, never inside.
    public static var workers: Int {
        get { state.workers }
        set {
            state.workers = max(1, newValue)
            BLAS.threads = 1
        }
    }

    private final class State: @unchecked Sendable {
        var workers: Int
        init() {
            workers = ProcessInfo.processInfo.activeProcessorCount
            BLAS.threads = 1
        }
    }

    // A `let` global is initialized once, thread-safely, on first use.
    private static let state = State()
}

/// Carries a non-Sendable value (a buffer pointer, a kernel closure) into the concurrent
/// loop. Safe here because every work item writes a disjoint part of the output.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Runs `body(i)` for `i in 0..<count`, spread over ``Threading/workers`` threads,
/// and returns when all are done. With one worker or one item it runs inline.
@inline(__always)
func parallelFor(_ count: Int, workers: Int = Threading.workers, _ body: (Int) -> Void) {
    if count <= 1 || workers <= 1 {
        for i in 0..<count { body(i) }
        return
    }
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: count) { i in box.value(i) }
    }
}
