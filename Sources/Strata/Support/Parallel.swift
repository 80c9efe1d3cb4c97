import Foundation
import Synchronization

/// The engine's thread setting. One setting, ``Threading/workers``, drives both the
/// engine's parallel loops and OpenBLAS: while the engine runs work items concurrently,
/// each item calls BLAS single-threaded, so BLAS threads and engine threads never fight
/// over the same cores.
public enum Threading {
    /// Number of threads the engine uses for its kernels (1 = everything inline).
    /// Defaults to the number of cores, and is clamped to 1 ... ``cores``: more threads
    /// than cores only make spinning helpers preempt each other (measured: ResNet-18 at 64
    /// threads on 2 cores took 200x longer; a million threads exhausted the process IDs).
    /// A plan made for more workers still runs: its items are shared by the pool's threads.
    /// Setting it (or first reading it) also sets OpenBLAS to one thread: the engine
    /// parallelizes around BLAS calls, never inside. The replaced pool's threads exit.
    public static var workers: Int {
        get { pool.withLock { $0.workers } }
        set {
            let count = min(max(1, newValue), cores)
            let replaced: WorkerPool? = pool.withLock { current in
                guard current.workers != count else { return nil }
                defer { current = WorkerPool(workers: count) }
                return current
            }
            // Outside the lock: retiring waits for a job in flight, whose items may read the pool.
            replaced?.retire()
            BLAS.threads = 1
        }
    }

    /// The cores this process may run on (`ProcessInfo.activeProcessorCount`).
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The shared pool; replaced (its helpers exit) when `workers` changes.
    static var currentPool: WorkerPool { pool.withLock { $0 } }

    private static let pool: Mutex<WorkerPool> = {
        BLAS.threads = 1
        return Mutex(WorkerPool(workers: ProcessInfo.processInfo.activeProcessorCount))
    }()
}

/// Runs `body(i)` for `i in 0..<count` on the engine's worker pool and returns when all
/// are done. `workers` is the plan's thread count; with one worker or one item, or when
/// the plan was made for another count than the pool has, it runs inline.
@inline(__always)
func parallelFor(_ count: Int, workers: Int, _ body: (Int) -> Void) {
    if count <= 1 || workers <= 1 {
        for i in 0..<count { body(i) }
        return
    }
    Threading.currentPool.run(count, body)
}

/// Streaming elements one thread handles in about 10 µs; below it, waking the worker
/// pool costs more than splitting saves.
let elementwiseGrain = 1 << 15

/// How many threads to split `elements` of cheap elementwise work over: at most
/// `workers`, and no share smaller than ``elementwiseGrain``.
@inline(__always)
func elementwiseShares(_ elements: Int, workers: Int) -> Int {
    max(1, min(workers, elements / elementwiseGrain))
}

/// The half-open range of part `part` when `count` items are split into `parts` nearly
/// equal consecutive parts.
@inline(__always)
func evenSplit(_ count: Int, parts: Int, part: Int) -> (Int, Int) {
    (count * part / parts, count * (part + 1) / parts)
}
