import Dispatch
import Foundation
import Strata

/// `strata bench --profile`: where a compiled model's time goes, per node and per op.
enum BenchProfile {
    /// Times every node of `compiled` over `runs` runs (after the timed runs, so caches and
    /// threads are warm) and prints each node's median, then the medians summed per op
    /// name, largest first, with their share of the summed total.
    static func print(_ compiled: CompiledGraph, input: Tensor, runs: Int) throws {
        let clock = { Double(DispatchTime.now().uptimeNanoseconds) / 1e6 }
        let profiles = try (0..<runs).map { _ in try compiled.profile(input, clock: clock) }
        var byOp: [String: (count: Int, milliseconds: Double)] = [:]
        Swift.print("node".padding(toLength: 32, withPad: " ", startingAt: 0) + "op".padding(toLength: 24, withPad: " ", startingAt: 0)
                    + "  median ms")
        for (index, entry) in profiles[0].enumerated() {
            let times = profiles.map { $0[index].milliseconds }.sorted()
            let median = times[times.count / 2]
            byOp[entry.op, default: (0, 0)].count += 1
            byOp[entry.op, default: (0, 0)].milliseconds += median
            Swift.print(entry.node.padding(toLength: 32, withPad: " ", startingAt: 0)
                        + entry.op.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%11.3f", median))
        }
        let total = byOp.values.reduce(0) { $0 + $1.milliseconds }
        Swift.print(String(format: "by op (sum of node medians %.3f ms):", total))
        for (op, entry) in byOp.sorted(by: { $0.value.milliseconds > $1.value.milliseconds }) {
            Swift.print("  " + op.padding(toLength: 24, withPad: " ", startingAt: 0)
                        + String(format: "%4d nodes %9.3f ms %5.1f%%", entry.count, entry.milliseconds, 100 * entry.milliseconds / total))
        }
    }
}
