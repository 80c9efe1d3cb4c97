import Foundation
import Synchronization
@testable import Strata
import Testing

/// The execution context: its pool runs the kernels of the runs it is bound to, OpenBLAS's
/// thread count is given back, helpers stop with the context, a preempted-looking helper
/// turns the rest of a run inline, and a job seats only as many helpers as it has items.
@Suite(.serialized) struct ExecutionContextTests {
    /// Distinct threads that ran the items of one job of `count` items on `pool`.
    /// Each job is a run of its own (a slow helper in one does not make the next inline).
    static func threadsUsed(_ pool: WorkerPool, items count: Int, itemSleep: (Int) -> UInt32 = { _ in 0 }) -> Int {
        pool.beginRun()
        let ids = Locked<Set<UInt>>([])
        pool.run(count) { item in
            let micros = itemSleep(item)
            if micros > 0 { usleep(micros) }
            let id = UInt(pthread_self())
            ids.withLock { _ = $0.insert(id) }
        }
        return ids.withLock { $0.count }
    }

    /// OpenBLAS runs single-threaded inside a run; its count is not touched here, since
    /// other suites' runs may be in progress (changing it under them is the bug the
    /// counting prevents).
    @Test func performRunsOpenBLASSingleThreaded() throws {
        let context = try ExecutionContext(threads: 1)
        #expect(context.perform { BLAS.threads } == 1)
    }

    /// Overlapping runs on two threads: set to 1 by the first, given back by the last.
    @Test func openBLASThreadsAreGivenBackWhenTheLastRunEnds() {
        var setting = BLASThreadSetting()
        #expect(setting.enter(current: 2) == 1)
        #expect(setting.enter(current: 1) == nil)   // a second run, while the first runs
        #expect(setting.leave() == nil)              // the first ends: the second still runs
        #expect(setting.leave() == 2)
        #expect(setting.activeRuns == 0)
        #expect(setting.enter(current: 1) == nil)   // already single-threaded: left alone
        #expect(setting.leave() == nil)
    }

    @Test func aCompiledGraphKeepsItsContext() throws {
        let context = try ExecutionContext(threads: 1)
        let b = try GraphBuilder(inputShape: [1, 2, 6, 6], seed: 3)
        let compiled = try b.build(outputs: [b.relu(b.input, name: "relu")]).compiled(context: context)
        #expect(compiled.context === context)
        #expect(try ExecutionContext(threads: 1_000_000).threads == ExecutionContext.cores)
        #expect(throws: StrataError.self) { try ExecutionContext(threads: 0) }
    }

    @Test func releasedContextsStopTheirThreads() throws {
        let before = try ThreadingTests.threadCount()
        for _ in 0..<40 {
            // Pools are made directly so this holds on any core count.
            let pool = WorkerPool(workers: 3)
            #expect(Self.threadsUsed(pool, items: 6) >= 1)
            pool.retire()
        }
        var after = try ThreadingTests.threadCount()
        for _ in 0..<200 where after > before + 4 {
            usleep(10_000)
            after = try ThreadingTests.threadCount()
        }
        #expect(after <= before + 4, "\(before) threads before, \(after) after 40 released pools of 3 workers")
    }

    /// A job of two items on a pool of four threads keeps at most one helper busy.
    @Test func aJobSeatsOnlyAsManyHelpersAsItHasItems() {
        let pool = WorkerPool(workers: 4)
        defer { pool.retire() }
        for _ in 0..<50 {
            #expect(Self.threadsUsed(pool, items: 2, itemSleep: { _ in 200 }) <= 2)
        }
        // With enough items the helpers do take part (each item sleeps, so the caller
        // cannot take them all before the helpers wake).
        #expect(Self.threadsUsed(pool, items: 16, itemSleep: { _ in 2_000 }) >= 2)
    }

    /// A helper that holds its item far longer than the caller's share looks preempted:
    /// the rest of the run is inline, and the next run uses the helpers again.
    @Test func aSlowHelperTurnsTheRestOfTheRunInline() {
        let pool = WorkerPool(workers: 2)
        defer { pool.retire() }
        pool.beginRun()
        let caller = UInt(pthread_self())
        var helperJoined = false
        for _ in 0..<20 where !helperJoined {
            let slowItem = Locked<Int?>(nil)
            // The caller's items take 1 ms, long enough for the helper to join; whichever
            // item the helper takes holds it 30 ms, far beyond the caller's share.
            pool.run(2) { item in
                if UInt(pthread_self()) == caller {
                    usleep(1_000)
                } else {
                    slowItem.withLock { $0 = item }
                    usleep(30_000)
                }
            }
            helperJoined = slowItem.withLock { $0 } != nil
        }
        #expect(helperJoined, "the helper never joined in 20 jobs")
        #expect(pool.isDegraded)
        let ids = Locked<Set<UInt>>([])
        pool.run(8) { _ in
            usleep(500)
            ids.withLock { _ = $0.insert(UInt(pthread_self())) }
        }
        #expect(ids.withLock { $0 } == [caller], "a degraded run must stay on the caller")
        // The next run uses the helper again.
        #expect(Self.threadsUsed(pool, items: 8, itemSleep: { _ in 2_000 }) == 2)
    }

    @Test func environmentThreadsAreParsed() throws {
        setenv("STRATA_NUM_THREADS", " 3 ", 1)
        defer { unsetenv("STRATA_NUM_THREADS") }
        #expect(try ExecutionContext.environmentThreads() == 3)
        setenv("STRATA_NUM_THREADS", "-1", 1)
        #expect(throws: StrataError.self) { try ExecutionContext.environmentThreads() }
        unsetenv("STRATA_NUM_THREADS")
        #expect(try ExecutionContext.environmentThreads() == nil)
    }
}
