/// Where every intermediate tensor lives in one arena, reusing memory by liveness.
///
/// A node's buffer is live from the step that writes it to the last step that reads it
/// (graph outputs and kept feature maps: to the end). Buffers are placed greedily, largest
/// first, at the lowest 64-byte-aligned offset that overlaps no already placed buffer with
/// an intersecting lifetime (the "greedy by size" planner of TFLite). Ops that alias their
/// input (Flatten) get no buffer of their own and extend their source's lifetime.
struct ArenaPlan {
    /// Offset in floats of each node's output, or nil for a graph input (and aliases of
    /// it), whose data is the caller's tensor.
    let offsets: [Int?]
    /// The node whose buffer each node's output lives in (itself, or the source an
    /// aliasing op reinterprets).
    let roots: [Int]
    /// Floats the arena needs.
    let count: Int
    /// Placed buffers the planner looked at, summed over all buffers: proportional to the
    /// node count for graphs whose tensors die young (a test guards against quadratic
    /// planning with it).
    let placedBuffersVisited: Int

    static let alignment = 16   // floats = 64 bytes

    init(graph: Graph, keeping: Set<Int>) {
        let nodeCount = graph.nodes.count
        // root[i]: the node whose buffer node i's output lives in.
        var root = Array(0..<nodeCount)
        for (index, node) in graph.nodes.enumerated() where node.op.aliasesInput {
            root[index] = root[node.inputs[0]]
        }
        var lastUse = Array(0..<nodeCount)
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs { lastUse[root[input]] = max(lastUse[root[input]], index) }
            lastUse[root[index]] = max(lastUse[root[index]], index)
        }
        for index in graph.outputs + keeping { lastUse[root[index]] = nodeCount }

        struct Placed { let start: Int, end: Int, offset: Int, size: Int }
        var placed: [Placed] = []
        // placedLiveAt[t]: placed buffers live at step t. Finding the buffers whose lifetime
        // meets [start, end] visits only those steps, not every placed buffer (which made
        // planning quadratic: a 100,000-node chain took 4 s). A buffer visited at several
        // steps is counted once (`seenBy`).
        var placedLiveAt = [[Int]](repeating: [], count: nodeCount + 1)
        var seenBy = [Int](repeating: -1, count: nodeCount)
        var offsetOfRoot: [Int: Int] = [:]
        let buffers = (0..<nodeCount).filter { root[$0] == $0 && !graph.nodes[$0].isInput }
            .sorted { (graph.nodes[$0].outputShape.elementCount, $1) > (graph.nodes[$1].outputShape.elementCount, $0) }
        var total = 0
        var conflicts: [Placed] = []
        var visited = 0
        for (turn, buffer) in buffers.enumerated() {
            let size = (graph.nodes[buffer].outputShape.elementCount + ArenaPlan.alignment - 1)
                / ArenaPlan.alignment * ArenaPlan.alignment
            let (start, end) = (buffer, lastUse[buffer])
            conflicts.removeAll(keepingCapacity: true)
            for step in start...end {
                visited += placedLiveAt[step].count
                for other in placedLiveAt[step] where seenBy[other] != turn {
                    seenBy[other] = turn
                    conflicts.append(placed[other])
                }
            }
            conflicts.sort { $0.offset < $1.offset }
            var offset = 0
            for other in conflicts {
                if offset + size <= other.offset { break }
                offset = max(offset, other.offset + other.size)
            }
            for step in start...end { placedLiveAt[step].append(placed.count) }
            placed.append(Placed(start: start, end: end, offset: offset, size: size))
            offsetOfRoot[buffer] = offset
            total = max(total, offset + size)
        }
        offsets = (0..<nodeCount).map { offsetOfRoot[root[$0]] }
        roots = root
        count = total
        placedBuffersVisited = visited
    }
}
