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
    /// Index nodes the planner looked at to find each buffer's live neighbours (see
    /// ``LiveIntervalIndex``), summed over all buffers: about n·log n for graphs whose
    /// tensors die young, k·log n for k pairs of tensors alive together (tests guard
    /// against quadratic and cubic planning with it).
    let indexNodesVisited: Int

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

        struct Placed { let offset: Int, size: Int }
        var placed: [Placed] = []
        var live = LiveIntervalIndex(steps: nodeCount)
        var offsetOfRoot: [Int: Int] = [:]
        let buffers = (0..<nodeCount).filter { root[$0] == $0 && !graph.nodes[$0].isInput }
            .sorted { (graph.nodes[$0].outputShape.elementCount, $1) > (graph.nodes[$1].outputShape.elementCount, $0) }
        var total = 0
        var conflicts: [Placed] = []
        var visited = 0
        for buffer in buffers {
            let size = (graph.nodes[buffer].outputShape.elementCount + ArenaPlan.alignment - 1)
                / ArenaPlan.alignment * ArenaPlan.alignment
            let (start, end) = (buffer, lastUse[buffer])
            conflicts.removeAll(keepingCapacity: true)
            live.forEachMeeting(start: start, end: end, visited: &visited) { conflicts.append(placed[$0]) }
            conflicts.sort { $0.offset < $1.offset }
            var offset = 0
            for other in conflicts {
                if offset + size <= other.offset { break }
                offset = max(offset, other.offset + other.size)
            }
            live.insert(start: start, end: end, payload: placed.count)
            placed.append(Placed(offset: offset, size: size))
            offsetOfRoot[buffer] = offset
            total = max(total, offset + size)
        }
        offsets = (0..<nodeCount).map { offsetOfRoot[root[$0]] }
        roots = root
        count = total
        indexNodesVisited = visited
    }
}
