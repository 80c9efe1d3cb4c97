/// The engine's thread setting, kept for code written before ``ExecutionContext``:
/// ``workers`` reads and replaces the default context.
public enum Threading {
    /// Threads of ``ExecutionContext/default``. Setting it replaces the default context
    /// with one of `newValue` threads, clamped to 1 ... ``cores``; the replaced context's
    /// helpers exit once nothing holds it.
    public static var workers: Int {
        get { ExecutionContext.default.threads }
        set {
            let count = min(max(1, newValue), cores)
            guard count != ExecutionContext.default.threads else { return }
            ExecutionContext.default = try! ExecutionContext(threads: count)
        }
    }

    /// The cores this process may run on (``ExecutionContext/cores``).
    public static var cores: Int { ExecutionContext.cores }
}

/// Runs `body(i)` for `i in 0..<count` on the worker pool of the context bound by
/// ``ExecutionContext/perform(_:)`` (else the default context's) and returns when all are
/// done. `workers` is the plan's thread count; with one worker or one item it runs inline.
@inline(__always)
func parallelFor(_ count: Int, workers: Int, _ body: (Int) -> Void) {
    if count <= 1 || workers <= 1 {
        for i in 0..<count { body(i) }
        return
    }
    if let pool = WorkerPool.bound {
        pool.run(count, body)
    } else {
        // A kernel called on its own, outside any run: it is a run by itself.
        let context = ExecutionContext.default
        context.perform { context.pool.run(count, body) }
    }
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
