/// The mutable memory of one run of a ``CompiledGraph``: the activation arena, the shared
/// workspace and the table of every node's input pointers (into this arena). A compiled
/// graph keeps a small pool of them, so concurrent runs each take their own while the
/// plans and weights stay shared. Made once; a run only patches the slots that point at
/// the caller's inputs. Unchecked `Sendable`: the compiled graph hands each state to one
/// run at a time.
final class ExecutionState: @unchecked Sendable {
    let arena: UnsafeMutableBufferPointer<Float>
    let workspace: UnsafeMutableBufferPointer<Float>
    let pointerTable: UnsafeMutableBufferPointer<UnsafePointer<Float>>

    /// - Parameters:
    ///   - tableStarts: node i's input pointers start at `tableStarts[i]`.
    ///   - tableCount: slots in all.
    init(graph: Graph, arenaPlan: ArenaPlan, workspaceCount: Int, tableStarts: [Int], tableCount: Int) {
        arena = ExecutionState.allocate(arenaPlan.count)
        workspace = ExecutionState.allocate(workspaceCount)
        pointerTable = .allocate(capacity: max(tableCount, 1))
        let base = UnsafePointer(arena.baseAddress!)
        for (index, node) in graph.nodes.enumerated() {
            for (position, input) in node.inputs.enumerated() {
                // A caller's input (no arena offset) is patched in on every run.
                pointerTable[tableStarts[index] + position] = base + (arenaPlan.offsets[input] ?? 0)
            }
        }
    }

    deinit {
        arena.deallocate()
        workspace.deallocate()
        pointerTable.deallocate()
    }

    private static func allocate(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 16) * 4, alignment: 64)
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: Float.self, capacity: max(count, 16)), count: max(count, 16))
    }
}
