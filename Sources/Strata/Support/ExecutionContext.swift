import Foundation
import Synchronization

/// Where the engine's kernels run: a worker pool of ``threads`` threads (the caller plus
/// `threads − 1` helpers), the way an onnxruntime session owns its intra-op thread pool.
///
/// Compiled graphs, runners and models are given a context (``ExecutionContext/default``
/// unless told otherwise). A run binds its context to the calling thread with
/// ``perform(_:)``: every parallel loop of every kernel in that run uses this context's
/// pool, and OpenBLAS is kept at one thread for the run (the engine parallelizes around
/// BLAS calls, never inside) and given back its previous thread count afterwards.
///
/// Under CPU contention a helper that holds a work item may be preempted for a whole
/// scheduler time slice. The caller then waits for it once, blocking rather than spinning,
/// and runs the rest of that graph run on its own thread: a preempted helper costs at most
/// one slice per run, not one per kernel.
///
/// Releasing the last reference to a context stops its helper threads.
///
/// ```swift
/// let context = try ExecutionContext(threads: 2)
/// let compiled = try graph.compiled(context: context)
/// let y = try compiled.run(x).output
/// ```
public final class ExecutionContext: Sendable {
    /// Threads the context runs kernels on: the requested count clamped to 1 ... ``cores``.
    /// More threads than cores only make helpers preempt each other (measured: ResNet-18 at
    /// 64 threads on 2 cores took 200x longer; a million threads exhausted the process IDs).
    public let threads: Int
    /// The thread count asked for (before clamping to the cores).
    public let requestedThreads: Int
    let pool: WorkerPool

    /// A context with its own pool of `threads` threads (clamped to ``cores``).
    /// - Throws: ``StrataError/invalidArgument(_:)`` when `threads` < 1.
    public init(threads: Int) throws {
        guard threads >= 1 else {
            throw StrataError.invalidArgument("thread count must be >= 1, got \(threads)")
        }
        requestedThreads = threads
        self.threads = min(threads, ExecutionContext.cores)
        pool = WorkerPool(workers: self.threads)
    }

    deinit { pool.retire() }

    /// The cores this process may run on (`ProcessInfo.activeProcessorCount`, which follows
    /// the CPU affinity mask and cgroup quota).
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The context used where none is given. Initially `STRATA_NUM_THREADS` threads when
    /// that variable holds a positive integer (larger values are clamped to the cores),
    /// else one per core. Replacing it releases the old context once nothing else holds it
    /// (compiled graphs keep the context they were compiled with).
    public static var `default`: ExecutionContext {
        get { shared.withLock { $0 } }
        set { shared.withLock { $0 = newValue } }
    }

    /// The thread count `STRATA_NUM_THREADS` asks for: nil when unset.
    /// - Throws: ``StrataError/invalidArgument(_:)`` when it is set but not an integer >= 1.
    public static func environmentThreads() throws -> Int? {
        guard let text = ProcessInfo.processInfo.environment["STRATA_NUM_THREADS"] else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else {
            throw StrataError.invalidArgument("STRATA_NUM_THREADS is '\(text)'; expected an integer >= 1")
        }
        return value
    }

    private static let shared: Locked<ExecutionContext> = {
        let threads: Int
        do {
            threads = try environmentThreads() ?? cores
        } catch {
            // A library cannot refuse to start; say why the setting is ignored.
            FileHandle.standardError.write(Data("strata: \(error); using \(cores) threads\n".utf8))
            threads = cores
        }
        return Locked(try! ExecutionContext(threads: max(1, threads)))
    }()

    /// Runs `body` with this context bound to the calling thread: the kernels it runs use
    /// this context's pool, OpenBLAS runs single-threaded and gets its thread count back
    /// when no run is left on any thread. Nested calls on the same context only run `body`.
    public func perform<R>(_ body: () throws -> R) rethrows -> R {
        let previous = WorkerPool.bound
        if previous === pool { return try body() }
        ExecutionContext.enterRun()
        WorkerPool.bound = pool
        pool.beginRun()
        defer {
            WorkerPool.bound = previous
            ExecutionContext.leaveRun()
        }
        return try body()
    }

    /// Runs `body(i)` for every `i in 0..<count` on this context's threads and returns when
    /// all are done; inline with one thread or one item. For work outside the engine's
    /// kernels that splits itself (the training graph zeroes its gradient buffers this way).
    /// `body` must not call back into this method.
    public func concurrentPerform(_ count: Int, _ body: (Int) -> Void) {
        perform { parallelFor(count, workers: threads, body) }
    }

    /// OpenBLAS's thread count is one process-wide setting: it is set to 1 when the first
    /// run on any thread starts and given back when the last one ends. (Restoring it while
    /// another thread's run was still calling sgemm gave wrong results: OpenBLAS 0.3.21's
    /// threaded sgemm is not safe to call from several threads at once.)
    private static let blasThreads = Locked(BLASThreadSetting())

    private static func enterRun() {
        blasThreads.withLock { setting in
            if let count = setting.enter(current: BLAS.threads) { BLAS.threads = count }
        }
    }

    private static func leaveRun() {
        blasThreads.withLock { setting in
            if let count = setting.leave() { BLAS.threads = count }
        }
    }
}

/// Counts the runs in progress and says when OpenBLAS's thread count must change: to 1
/// as the first run starts, back to the saved count as the last one ends.
struct BLASThreadSetting {
    private(set) var activeRuns = 0
    private var saved = 1

    /// A run starts while OpenBLAS has `current` threads; returns the count to set, if any.
    mutating func enter(current: Int) -> Int? {
        activeRuns += 1
        guard activeRuns == 1 else { return nil }
        saved = current
        return current == 1 ? nil : 1
    }

    /// A run ends; returns the count to set, if any.
    mutating func leave() -> Int? {
        activeRuns -= 1
        return activeRuns == 0 && saved != 1 ? saved : nil
    }
}
