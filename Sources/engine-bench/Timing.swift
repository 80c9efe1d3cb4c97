import Dispatch
import Foundation

/// Milliseconds since an arbitrary origin, from the monotonic clock.
func milliseconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e6
}

/// Times `body` once, in milliseconds.
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = milliseconds()
    try body()
    return milliseconds() - start
}

/// The `fraction` quantile (0.5 = median) by linear interpolation between order statistics.
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    let position = fraction * Double(sorted.count - 1)
    let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
    return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
}

func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

/// Times `a` and `b` in alternating blocks of `blockSize` runs after one warm-up block of
/// each, and returns the median time of each (``medianInBlocks(repetitions:blockSize:settleSeconds:settlingAfter:_:)``).
/// After each block of `b` the process rests `settleSeconds`: OpenBLAS's threads spin
/// for about 0.1 s after a multithreaded call, and while they spin they take cores away
/// from the engine's own workers.
func medianSideBySide(
    repetitions: Int, blockSize: Int = 10, settleSeconds: Double = 0.25, _ a: () -> Void, _ b: () -> Void
) -> (Double, Double) {
    withoutActuallyEscaping(a) { a in
        withoutActuallyEscaping(b) { b in
            let medians = medianInBlocks(repetitions: repetitions, blockSize: blockSize, settleSeconds: settleSeconds,
                                         settlingAfter: [1], [a, b])
            return (medians[0], medians[1])
        }
    }
}

/// Times `bodies` in turn, in blocks of `blockSize` runs after one warm-up block of each,
/// until each has `repetitions` timed runs; returns each one's median. Taking turns
/// spreads the machine's drift evenly over all of them. The first three runs of each
/// block are not counted (caches refill after the switch, and woken threads take a few
/// runs to spread over the cores); after each block of a body in `settlingAfter` the
/// process rests `settleSeconds`.
func medianInBlocks(
    repetitions: Int, blockSize: Int = 10, settleSeconds: Double = 0.25, settlingAfter: Set<Int> = [],
    _ bodies: [() -> Void]
) -> [Double] {
    alternatingSamples(repetitions: repetitions, blockSize: blockSize, settling: settlingAfter,
                       settleSeconds: settleSeconds, bodies).map(median)
}

/// The times of each body, in milliseconds, timed in alternating blocks of `blockSize`
/// runs after one warm-up block each; the first three runs of each block are not counted,
/// and after a block of each body in `settling` the process rests `settleSeconds`
/// (OpenBLAS's threads), as in ``medianInBlocks(repetitions:blockSize:settleSeconds:settlingAfter:_:)``.
func alternatingSamples(
    repetitions: Int, blockSize: Int = 10, settling: Set<Int> = [], settleSeconds: Double = 0.25, _ bodies: [() -> Void]
) -> [[Double]] {
    func block(_ index: Int) -> [Double] {
        let times = Array((0..<blockSize).map { _ in timed(bodies[index]) }.dropFirst(3))
        if settling.contains(index) { usleep(UInt32(settleSeconds * 1e6)) }
        return times
    }
    for index in bodies.indices { _ = block(index) }
    var times = [[Double]](repeating: [], count: bodies.count)
    while times[0].count < repetitions {
        for index in bodies.indices { times[index] += block(index) }
    }
    return times
}
