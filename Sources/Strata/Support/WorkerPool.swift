import Foundation
import Synchronization

/// The engine's worker threads: `workers − 1` helpers plus the calling thread.
///
/// Why not `DispatchQueue.concurrentPerform`: a woken pool thread is often placed on the
/// waker's own core and waits there until the scheduler migrates it, so on a 2-core VM a
/// "parallel" GEMM often ran at one-core speed (measured: half the layers of ResNet-18).
/// Like OpenBLAS's and onnxruntime's pools, these helpers spin for a short while after a
/// job, so back-to-back kernels find them running on their own cores, then sleep.
final class WorkerPool: @unchecked Sendable {
    let workers: Int
    /// How long an idle helper spins before it sleeps (covers the gap between layers).
    static let spinNanoseconds: UInt64 = 2_000_000

    private let generation = Atomic<Int>(0)
    private let nextItem = Atomic<Int>(0)
    /// The generation whose job helpers may still join, or -1 once its caller has taken
    /// the last item. With `activeHelpers` it lets the caller wait only for helpers that
    /// joined (both sides use sequentially consistent order: a helper either sees the job
    /// closed, or the caller sees it active).
    private let openGeneration = Atomic<Int>(-1)
    private let activeHelpers = Atomic<Int>(0)
    private let sleepers = NSCondition()
    private let busy = Mutex<Bool>(false)
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

    /// Runs `body(i)` for every `i in 0..<count` on the caller and the helpers. If the pool
    /// is already running another caller's job (two sessions on two threads), runs inline.
    func run(_ count: Int, _ body: (Int) -> Void) {
        let acquired = busy.withLock { taken in
            if taken { return false }
            taken = true
            return true
        }
        guard acquired, workers > 1 else {
            if acquired { busy.withLock { $0 = false } }
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            itemCount = count
            nextItem.store(0, ordering: .relaxed)
            let current = generation.load(ordering: .relaxed) + 1
            openGeneration.store(current, ordering: .sequentiallyConsistent)
            generation.store(current, ordering: .releasing)
            sleepers.lock()
            sleepers.broadcast()
            sleepers.unlock()
            takeItems(escapable)
            // Every item is taken: close the job, then wait only for the helpers that
            // joined it (they may still run an item). A helper that is preempted or asleep
            // and never joined costs nothing (measured before: a preempted helper made each
            // kernel wait a whole time slice under CPU contention). Yield while waiting: a
            // joined helper may sit on this very core.
            openGeneration.store(-1, ordering: .sequentiallyConsistent)
            var spins = 0
            while activeHelpers.load(ordering: .sequentiallyConsistent) > 0 {
                spins += 1
                if spins > 256 { sched_yield() }
            }
            job = nil
        }
        busy.withLock { $0 = false }
    }

    private func takeItems(_ body: (Int) -> Void) {
        while true {
            let i = nextItem.add(1, ordering: .relaxed).oldValue
            if i >= itemCount { return }
            body(i)
        }
    }

    /// Ends the helpers once no job runs: the pool keeps `busy` forever, so a caller that
    /// still holds it runs inline, and the woken helpers see `retired` before any job.
    func retire() {
        while !busy.withLock({ taken in
            if taken { return false }
            taken = true
            return true
        }) { sched_yield() }
        retired.store(true, ordering: .releasing)
        generation.add(1, ordering: .releasing)
        sleepers.lock()
        sleepers.broadcast()
        sleepers.unlock()
    }

    private func helperLoop() {
        var seen = 0
        while true {
            seen = waitForJob(after: seen)
            if retired.load(ordering: .acquiring) { return }
            activeHelpers.add(1, ordering: .sequentiallyConsistent)
            if openGeneration.load(ordering: .sequentiallyConsistent) == seen { runCurrentJob() }
            activeHelpers.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Separate so the helper's reference to the job is released before it reports done:
    /// the caller's `withoutActuallyEscaping` traps if any reference outlives the call.
    @inline(never)
    private func runCurrentJob() {
        guard let job else { return }
        takeItems(job)
    }

    /// Spins until the generation moves past `seen`, then sleeps on the condition.
    private func waitForJob(after seen: Int) -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            spins += 1
            // No sched_yield here: measured on the 2-core VM, a yielding helper lost its core
            // to OpenBLAS's own spinning threads and small GEMMs ran at one-thread speed.
            if spins & 1023 == 0 && DispatchTime.now().uptimeNanoseconds - start > WorkerPool.spinNanoseconds {
                sleepers.lock()
                while generation.load(ordering: .acquiring) == seen { sleepers.wait() }
                sleepers.unlock()
                return generation.load(ordering: .acquiring)
            }
        }
    }
}
