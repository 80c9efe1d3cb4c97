import CStrataKernels
import Foundation
import Synchronization

/// The worker threads of an ``ExecutionContext``: `workers − 1` helpers plus the calling
/// thread.
///
/// Why not `DispatchQueue.concurrentPerform`: a woken pool thread is often placed on the
/// waker's own core and waits there until the scheduler migrates it, so on a 2-core VM a
/// "parallel" GEMM often ran at one-core speed (measured: half the layers of ResNet-18).
/// Like OpenBLAS's and onnxruntime's pools, these helpers spin for a short while after a
/// job, so back-to-back kernels find them running on their own cores, then sleep.
///
/// A job of `count` items seats at most `count − 1` helpers; the caller takes items too and
/// waits only for helpers that joined. That wait spins briefly with a pause hint, then
/// blocks; a wait long enough to mean a preempted helper turns the rest of the run
/// (until the next ``beginRun()``) inline and sends idle helpers to sleep.
final class WorkerPool: @unchecked Sendable {
    let workers: Int
    /// How long an idle helper spins before it sleeps (covers the gap between layers).
    static let spinNanoseconds: UInt64 = 2_000_000
    /// A caller that waited this much longer for a helper than its own share took
    /// concludes the helper was preempted (a scheduler slice is milliseconds; waking a
    /// sleeping helper takes tens of microseconds).
    static let preemptedNanoseconds: UInt64 = 500_000
    /// The least a caller spins before blocking.
    static let minimumSpinNanoseconds: UInt64 = 20_000

    private let generation = Atomic<Int>(0)
    private let nextItem = Atomic<Int>(0)
    /// The generation whose job helpers may still join, or -1 once its caller has taken
    /// the last item. With `activeHelpers` it lets the caller wait only for helpers that
    /// joined (both sides use sequentially consistent order: a helper either sees the job
    /// closed, or the caller sees it active).
    private let openGeneration = Atomic<Int>(-1)
    private let activeHelpers = Atomic<Int>(0)
    /// Helpers the open job still takes: `count − 1` at most, so a job of two items keeps
    /// one helper busy and leaves the others alone.
    private let seats = Atomic<Int>(0)
    /// Set when the caller blocks for helpers; the helper that leaves last then signals.
    private let callerBlocked = Atomic<Bool>(false)
    /// Set when a helper seemed preempted: jobs run inline until ``beginRun()``.
    private let degraded = Atomic<Bool>(false)
    private let sleepers = NSCondition()
    private let finished = NSCondition()
    /// Taken by the caller whose job runs (an atomic flag rather than a lock: nothing waits
    /// on it, a second caller runs inline).
    private let busy = Atomic<Bool>(false)
    private let retired = Atomic<Bool>(false)
    // Written by the caller before the job is opened, read by helpers that joined it.
    private var job: ((Int) -> Void)?
    private var itemCount = 0

    init(workers: Int) {
        self.workers = max(1, workers)
        for _ in 1..<self.workers {
            // The helper keeps the pool alive until ``retire()`` lets it exit.
            let thread = Thread { self.helperLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Starts a graph run: jobs may use the helpers again.
    func beginRun() { degraded.store(false, ordering: .relaxed) }

    /// True once this run gave up on its helpers (see the type's documentation).
    var isDegraded: Bool { degraded.load(ordering: .relaxed) }

    /// Runs `body(i)` for every `i in 0..<count` on the caller and the helpers. If the pool
    /// is already running another caller's job (two runs on two threads), or the run gave
    /// up on its helpers, runs inline.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard workers > 1, !degraded.load(ordering: .relaxed), acquire() else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            itemCount = count
            nextItem.store(0, ordering: .relaxed)
            let helpers = min(count - 1, workers - 1)
            seats.store(helpers, ordering: .relaxed)
            let current = generation.load(ordering: .relaxed) + 1
            openGeneration.store(current, ordering: .sequentiallyConsistent)
            generation.store(current, ordering: .releasing)
            sleepers.lock()
            for _ in 0..<helpers { sleepers.signal() }
            sleepers.unlock()
            let start = DispatchTime.now().uptimeNanoseconds
            takeItems(escapable)
            // Every item is taken: close the job, then wait only for the helpers that
            // joined it (they may still run an item). A helper that is preempted or asleep
            // and never joined costs nothing.
            openGeneration.store(-1, ordering: .sequentiallyConsistent)
            waitForHelpers(ownShare: DispatchTime.now().uptimeNanoseconds - start)
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    private func acquire() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    private func takeItems(_ body: (Int) -> Void) {
        while true {
            let i = nextItem.add(1, ordering: .relaxed).oldValue
            if i >= itemCount { return }
            body(i)
        }
    }

    /// Spins (with a pause hint) for about as long as the caller's own share took, then
    /// blocks until the joined helpers are done. A wait far beyond the caller's share
    /// means a helper was preempted: the rest of the run goes inline.
    private func waitForHelpers(ownShare: UInt64) {
        guard activeHelpers.load(ordering: .sequentiallyConsistent) > 0 else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        let spinBudget = max(ownShare, WorkerPool.minimumSpinNanoseconds)
        var spins = 0
        while activeHelpers.load(ordering: .sequentiallyConsistent) > 0 {
            strata_spin_pause()
            spins += 1
            if spins & 63 == 0 && DispatchTime.now().uptimeNanoseconds - start > spinBudget {
                finished.lock()
                callerBlocked.store(true, ordering: .sequentiallyConsistent)
                while activeHelpers.load(ordering: .sequentiallyConsistent) > 0 { finished.wait() }
                callerBlocked.store(false, ordering: .sequentiallyConsistent)
                finished.unlock()
                break
            }
        }
        if DispatchTime.now().uptimeNanoseconds - start > ownShare + WorkerPool.preemptedNanoseconds {
            degraded.store(true, ordering: .relaxed)
        }
    }

    /// Ends the helpers once no job runs: the pool keeps `busy` forever, so a caller that
    /// still holds it runs inline, and the woken helpers see `retired` before any job.
    func retire() {
        while !acquire() { sched_yield() }
        retired.store(true, ordering: .releasing)
        generation.add(1, ordering: .releasing)
        sleepers.lock()
        sleepers.broadcast()
        sleepers.unlock()
    }

    private func helperLoop() {
        // Kernels that a helper runs and that are parallel themselves run inline: this
        // pool is busy with the job that called them.
        WorkerPool.bound = self
        var seen = 0
        while true {
            seen = waitForJob(after: seen)
            if retired.load(ordering: .acquiring) { return }
            activeHelpers.add(1, ordering: .sequentiallyConsistent)
            if openGeneration.load(ordering: .sequentiallyConsistent) == seen
                && seats.subtract(1, ordering: .relaxed).oldValue > 0 {
                runCurrentJob()
            }
            if activeHelpers.subtract(1, ordering: .sequentiallyConsistent).newValue == 0
                && callerBlocked.load(ordering: .sequentiallyConsistent) {
                finished.lock()
                finished.broadcast()
                finished.unlock()
            }
        }
    }

    /// Separate so the helper's reference to the job is released before it reports done:
    /// the caller's `withoutActuallyEscaping` traps if any reference outlives the call.
    @inline(never)
    private func runCurrentJob() {
        guard let job else { return }
        takeItems(job)
    }

    /// Spins until the generation moves past `seen`, then sleeps on the condition. A
    /// degraded run sends the helper to sleep at once: under contention its spinning
    /// would only take CPU from the caller.
    private func waitForJob(after seen: Int) -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            spins += 1
            strata_spin_pause()
            // No sched_yield here: measured on the 2-core VM, a yielding helper lost its core
            // to OpenBLAS's own spinning threads and small GEMMs ran at one-thread speed.
            if spins & 255 == 0
                && (degraded.load(ordering: .relaxed)
                    || DispatchTime.now().uptimeNanoseconds - start > WorkerPool.spinNanoseconds) {
                sleepers.lock()
                while generation.load(ordering: .acquiring) == seen { sleepers.wait() }
                sleepers.unlock()
                return generation.load(ordering: .acquiring)
            }
        }
    }
}

extension WorkerPool {
    /// The pool bound to the calling thread (by ``ExecutionContext/perform(_:)``, or a
    /// helper's own pool), not retained: whoever binds it keeps it alive meanwhile.
    static var bound: WorkerPool? {
        get { pthread_getspecific(boundKey).map { Unmanaged<WorkerPool>.fromOpaque($0).takeUnretainedValue() } }
        set { pthread_setspecific(boundKey, newValue.map { Unmanaged.passUnretained($0).toOpaque() }) }
    }

    private static let boundKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}
