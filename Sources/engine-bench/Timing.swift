import Dispatch

/// Milliseconds since an arbitrary origin, from the monotonic clock.
func milliseconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e6
}

/// Times `body` once, in milliseconds.
func timed(_ body: () -> Void) -> Double {
    let start = milliseconds()
    body()
    return milliseconds() - start
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// Runs `a` and `b` alternately `repetitions` times after `warmup` rounds and returns the
/// median time of each. Alternating spreads the machine's noise evenly over both.
func medianSideBySide(repetitions: Int, warmup: Int, _ a: () -> Void, _ b: () -> Void) -> (Double, Double) {
    for _ in 0..<warmup { a(); b() }
    var timesA: [Double] = [], timesB: [Double] = []
    for _ in 0..<repetitions {
        timesA.append(timed(a))
        timesB.append(timed(b))
    }
    return (median(timesA), median(timesB))
}
