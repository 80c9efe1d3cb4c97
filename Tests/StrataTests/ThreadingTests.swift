import Foundation
import Synchronization
@testable import Strata
import Testing

/// The worker pool's thread count: clamped to the cores, and a replaced pool's threads exit.
@Suite(.serialized) struct ThreadingTests {
    /// Threads of this process, from /proc (Linux).
    static func threadCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count
    }

    @Test func moreThreadsThanCoresAreClamped() {
        let original = Threading.workers
        defer { Threading.workers = original }
        Threading.workers = 1_000_000
        #expect(Threading.workers == Threading.cores)
        Threading.workers = 0
        #expect(Threading.workers == 1)
        // A plan made for more workers than the pool has still computes every item.
        var hits = [Int](repeating: 0, count: 64)
        hits.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Threading.workers = Threading.cores
            parallelFor(64, workers: 64) { base[$0] += 1 }
        }
        #expect(hits == [Int](repeating: 1, count: 64))
    }

    /// 200 changes of the thread count used to leave 302 threads behind: a replaced pool's
    /// helpers now exit (pools are made directly, so this holds on any core count).
    @Test func retiredPoolsReleaseTheirThreads() throws {
        let before = try Self.threadCount()
        for _ in 0..<50 {
            let pool = WorkerPool(workers: 3)
            let sum = Atomic<Int>(0)
            pool.run(8) { sum.add($0, ordering: .relaxed) }
            #expect(sum.load(ordering: .relaxed) == 28)
            pool.retire()
            pool.run(2) { sum.add($0, ordering: .relaxed) }   // a retired pool runs inline
            #expect(sum.load(ordering: .relaxed) == 29)
        }
        // Retired helpers exit when they wake; give them a moment.
        var after = try Self.threadCount()
        for _ in 0..<200 where after > before + 4 {
            usleep(10_000)
            after = try Self.threadCount()
        }
        #expect(after <= before + 4, "\(before) threads before, \(after) after 50 retired pools of 3 workers")
    }
}
