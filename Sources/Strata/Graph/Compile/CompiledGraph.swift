/// Options of ``Graph/compiled(options:workers:)``.
public struct CompileOptions: Sendable {
    /// Fold BatchNorm into the convolution before it.
    public var foldBatchNorm = true
    /// Apply activations in the conv/linear GEMM epilogue.
    public var fuseActivations = true
    /// Nodes whose outputs must stay available as feature maps: they are not fused away
    /// and their arena space is not reused.
    public var keeping: Set<String> = []

    public init(foldBatchNorm: Bool = true, fuseActivations: Bool = true, keeping: Set<String> = []) {
        self.foldBatchNorm = foldBatchNorm
        self.fuseActivations = fuseActivations
        self.keeping = keeping
    }
}

extension Graph {
    /// Optimizes the graph for inference and plans every buffer: see ``CompiledGraph``.
    public func compiled(options: CompileOptions = CompileOptions(), workers: Int = Threading.workers) throws -> CompiledGraph {
        let unknown = options.keeping.filter { name in !nodes.contains { $0.name == name } }.sorted()
        guard unknown.isEmpty else { throw GraphError.unknownNode("cannot keep unknown nodes \(unknown)") }
        var graph = self
        if options.foldBatchNorm { graph = try GraphPasses.foldBatchNorm(graph, keeping: options.keeping) }
        if options.fuseActivations { graph = try GraphPasses.fuseActivations(graph, keeping: options.keeping) }
        return try CompiledGraph(graph, keeping: options.keeping, workers: workers)
    }
}

/// A graph compiled for inference: ops planned for fixed shapes, every intermediate tensor
/// placed in one arena by liveness (``ArenaPlan``), one shared workspace, and a pointer
/// table per node built once. ``run(_:into:)`` then only executes: no allocation, no
/// shape checks per node, no tensor copies but the final output.
///
/// Not for concurrent use: give each thread its own compiled graph.
public final class CompiledGraph {
    /// The optimized graph that runs.
    public let graph: Graph
    /// Floats of the intermediate-tensor arena: the planned run's peak activation memory.
    public let arenaCount: Int
    /// Floats of the shared workspace (largest single op's scratch).
    public let workspaceCount: Int
    private let plans: [any OpPlan]
    private let arenaPlan: ArenaPlan
    private let arena: UnsafeMutableBufferPointer<Float>
    private let workspace: UnsafeMutableBufferPointer<Float>
    /// All nodes' input pointers, back to back; node i's start at `tableStarts[i]`.
    private let pointerTable: UnsafeMutableBufferPointer<UnsafePointer<Float>>
    private let tableStarts: [Int]
    /// Slots of `pointerTable` that point at the caller's input, patched on every run.
    private let inputSlots: [(slot: Int, offset: Int)]
    private let keptNames: Set<String>

    init(_ graph: Graph, keeping: Set<String>, workers: Int) throws {
        self.graph = graph
        plans = try graph.nodes.map { node in
            try node.op.plan(inputs: node.inputs.map { graph.nodes[$0].outputShape }, output: node.outputShape, workers: workers)
        }
        keptNames = keeping
        let kept = Set(graph.nodes.indices.filter { keeping.contains(graph.nodes[$0].name) })
        arenaPlan = ArenaPlan(graph: graph, keeping: kept)
        arenaCount = arenaPlan.count
        workspaceCount = plans.map(\.workspaceCount).max() ?? 0
        arena = CompiledGraph.allocate(arenaCount)
        workspace = CompiledGraph.allocate(workspaceCount)

        var starts: [Int] = []
        var total = 0
        for node in graph.nodes {
            starts.append(total)
            total += node.inputs.count
        }
        tableStarts = starts
        pointerTable = .allocate(capacity: max(total, 1))
        var slots: [(Int, Int)] = []
        let base = UnsafePointer(arena.baseAddress!)
        for (index, node) in graph.nodes.enumerated() {
            for (position, input) in node.inputs.enumerated() {
                let slot = starts[index] + position
                if let offset = arenaPlan.offsets[input] {
                    pointerTable[slot] = base + offset
                } else {
                    pointerTable[slot] = base   // placeholder: patched with the caller's input
                    slots.append((slot, 0))
                }
            }
        }
        inputSlots = slots
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

    public var inputShape: Shape { graph.input.outputShape }
    public var outputShape: Shape { graph.nodes[graph.outputs[0]].outputShape }

    /// Runs the graph and writes its first output into `output`, reusing `output`'s buffer
    /// when it has the right shape and is not shared: a steady-state call allocates nothing.
    public func run(_ input: Tensor, into output: inout Tensor) throws {
        guard input.shape == inputShape else { throw GraphError.inputMismatch(expected: inputShape, got: input.shape) }
        if output.shape != outputShape { output = Tensor(zeros: outputShape) }
        execute(input)
        let source = pointer(of: graph.outputs[0], input: input)
        output.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: outputShape.elementCount) }
    }

    /// Runs the graph; returns its first output and the named feature maps, which must
    /// have been kept (``CompileOptions/keeping``) or be graph outputs.
    public func run(_ input: Tensor, capturing: [String] = []) throws -> (output: Tensor, featureMaps: [String: Tensor]) {
        let indices = try capturing.map { name -> Int in
            guard let index = graph.nodes.firstIndex(where: { $0.name == name }),
                  keptNames.contains(name) || graph.outputs.contains(index) else {
                throw GraphError.unknownNode(
                    "feature map '\(name)' is not available: compile with `keeping: [\"\(name)\"]` so it is neither fused away nor overwritten")
            }
            return index
        }
        var output = Tensor(zeros: outputShape)
        try run(input, into: &output)
        var maps: [String: Tensor] = [:]
        for (name, index) in zip(capturing, indices) {
            var map = Tensor(zeros: graph.nodes[index].outputShape)
            let source = pointer(of: index, input: input)
            map.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: $0.count) }
            maps[name] = map
        }
        return (output, maps)
    }

    private func pointer(of node: Int, input: Tensor) -> UnsafePointer<Float> {
        if let offset = arenaPlan.offsets[node] { return UnsafePointer(arena.baseAddress! + offset) }
        return input.withUnsafeBufferPointer { UnsafePointer($0.baseAddress!) }
    }

    /// Runs the graph once, timing every node: (node, op, milliseconds), in order.
    public func profile(_ input: Tensor, clock: @escaping () -> Double) throws -> [(node: String, op: String, milliseconds: Double)] {
        guard input.shape == inputShape else { throw GraphError.inputMismatch(expected: inputShape, got: input.shape) }
        var timings: [(node: String, op: String, milliseconds: Double)] = []
        execute(input) { index, body in
            let start = clock()
            body()
            timings.append((self.graph.nodes[index].name, self.graph.nodes[index].op.opName, clock() - start))
        }
        return timings
    }

    private func execute(_ input: Tensor, around: ((Int, () -> Void) -> Void)? = nil) {
        input.withUnsafeBufferPointer { x in
            for (slot, _) in inputSlots { pointerTable[slot] = x.baseAddress! }
            let table = UnsafeBufferPointer(pointerTable)
            for index in 1..<graph.nodes.count {
                guard let offset = arenaPlan.offsets[index], !graph.nodes[index].op.aliasesInput else { continue }
                let inputs = UnsafeBufferPointer(rebasing: table[tableStarts[index]..<tableStarts[index] + graph.nodes[index].inputs.count])
                let output = arena.baseAddress! + offset
                if let around {
                    around(index) { plans[index].execute(inputs: inputs, output: output, workspace: workspace.baseAddress) }
                } else {
                    plans[index].execute(inputs: inputs, output: output, workspace: workspace.baseAddress)
                }
            }
        }
    }
}
