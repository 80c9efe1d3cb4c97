/// The placed buffers of ``ArenaPlan``, found by lifetime: each is an interval of steps
/// `[start, end]` whose start is unique (a buffer starts at the node that writes it). A
/// segment tree over the start step keeps, per subtree, the latest end, so the buffers
/// live at some step of `[s, e]` (start ≤ e and end ≥ s) are reported in O((k + 1)·log n)
/// for k of them, whatever their lifetimes: walking the steps of a lifetime instead cost
/// lifetime × live buffers per query, cubic for graphs with thousands of tensors alive at
/// once (a fan-out of 4,000 ReLUs into one sum took 34 s to plan).
struct LiveIntervalIndex {
    /// Leaves: a power of two ≥ the step count.
    private let leaves: Int
    /// Per tree node (1 is the root, i's children 2i and 2i + 1): the latest end of the
    /// intervals below it, -1 when there are none.
    private var latestEnd: [Int]
    /// Per leaf (start step): the payload of the interval starting there.
    private var payload: [Int]

    init(steps: Int) {
        var leaves = 1
        while leaves < max(1, steps) { leaves *= 2 }
        self.leaves = leaves
        latestEnd = [Int](repeating: -1, count: 2 * leaves)
        payload = [Int](repeating: -1, count: leaves)
    }

    /// Adds the interval `[start, end]`; no other interval may start at `start`.
    mutating func insert(start: Int, end: Int, payload value: Int) {
        payload[start] = value
        var node = leaves + start
        latestEnd[node] = end
        node /= 2
        while node >= 1 && latestEnd[node] < end {
            latestEnd[node] = end
            node /= 2
        }
    }

    /// Calls `body` with the payload of every interval that meets `[start, end]`; adds the
    /// tree nodes it looked at to `visited`.
    func forEachMeeting(start: Int, end: Int, visited: inout Int, _ body: (Int) -> Void) {
        guard latestEnd[1] >= start else { return }
        // (node, first leaf of its range): the range is implied by the level.
        var pending: [(node: Int, first: Int, width: Int)] = [(1, 0, leaves)]
        while let (node, first, width) = pending.popLast() {
            visited += 1
            guard latestEnd[node] >= start, first <= end else { continue }
            if width == 1 {
                body(payload[first])
                continue
            }
            let half = width / 2
            pending.append((2 * node + 1, first + half, half))
            pending.append((2 * node, first, half))
        }
    }
}
