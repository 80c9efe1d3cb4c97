/// Options of ``Graph/compiled(options:workers:)``.
public struct CompileOptions: Sendable {
    /// Fuse the decomposed layer norm (ReduceMean, Sub, Pow, ..., Div, Mul, Add) into one node.
    public var fuseLayerNorm = true
    /// Fold BatchNorm into the convolution before it.
    public var foldBatchNorm = true
    /// Apply activations in the conv/linear GEMM epilogue.
    public var fuseActivations = true
    /// Nodes whose outputs must stay available as feature maps: they are not fused away
    /// and their arena space is not reused.
    public var keeping: Set<String> = []
    /// Every convolution runs this algorithm where its precondition holds (to compare
    /// algorithms, or to test one); nil: each layer's algorithm comes from the cost model
    /// (``ConvAlgorithm``).
    public var convolutionAlgorithm: ConvAlgorithm?

    public init(
        foldBatchNorm: Bool = true, fuseActivations: Bool = true, keeping: Set<String> = [], fuseLayerNorm: Bool = true,
        convolutionAlgorithm: ConvAlgorithm? = nil
    ) {
        self.fuseLayerNorm = fuseLayerNorm
        self.foldBatchNorm = foldBatchNorm
        self.fuseActivations = fuseActivations
        self.keeping = keeping
        self.convolutionAlgorithm = convolutionAlgorithm
    }
}

extension Graph {
    /// Optimizes the graph for inference and plans every buffer: see ``CompiledGraph``.
    public func compiled(options: CompileOptions = CompileOptions(), workers: Int = Threading.workers) throws -> CompiledGraph {
        let unknown = options.keeping.filter { name in !nodes.contains { $0.name == name } }.sorted()
        guard unknown.isEmpty else { throw GraphError.unknownNode("cannot keep unknown nodes \(unknown)") }
        var graph = self
        if options.fuseLayerNorm { graph = try GraphPasses.fuseLayerNorm(graph, keeping: options.keeping) }
        if options.foldBatchNorm { graph = try GraphPasses.foldBatchNorm(graph, keeping: options.keeping) }
        if options.fuseActivations { graph = try GraphPasses.fuseActivations(graph, keeping: options.keeping) }
        if let algorithm = options.convolutionAlgorithm { graph = GraphPasses.preferConvolutionAlgorithm(graph, algorithm) }
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
    /// Slots of `pointerTable` that point at a caller's input tensor (by position in
    /// ``Graph/inputs``), patched on every run.
    private let inputSlots: [(slot: Int, input: Int)]
    /// For each node whose data is a caller's tensor, that input's position.
    private let inputOfRoot: [Int: Int]
    /// Nodes that run, in order: not inputs, not aliases, not empty.
    private let steps: [Int]
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
        let inputFloats = MemoryLimit.total(graph.inputs.map { graph.nodes[$0].outputShape.elementCount })
        try MemoryLimit.check(
            floats: MemoryLimit.total([arenaCount, workspaceCount, inputFloats ?? .max]) ?? .max,
            "the compiled graph (activation arena \(arenaCount) floats, workspace \(workspaceCount) floats, inputs "
                + "\(graph.inputs.map { graph.nodes[$0].outputShape.description }.joined(separator: ", ")))")
        arena = CompiledGraph.allocate(arenaCount)
        workspace = CompiledGraph.allocate(workspaceCount)
        inputOfRoot = Dictionary(uniqueKeysWithValues: graph.inputs.enumerated().map { ($1, $0) })
        steps = graph.nodes.indices.filter { index in
            let node = graph.nodes[index]
            // An empty output has nothing to compute (and kernels need not handle it).
            return !node.isInput && !node.op.aliasesInput && !node.outputShape.isEmpty
        }

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
                    slots.append((slot, inputOfRoot[arenaPlan.roots[input]]!))
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

    /// The shape of the first graph input.
    public var inputShape: Shape { graph.input.outputShape }
    /// The shape of the first graph output.
    public var outputShape: Shape { graph.nodes[graph.outputs[0]].outputShape }

    /// Runs a single-input graph and writes its first output into `output`, reusing
    /// `output`'s buffer when it has the right shape and is not shared: a steady-state call
    /// allocates nothing.
    public func run(_ input: Tensor, into output: inout Tensor) throws {
        guard graph.inputs.count == 1 else { _ = try graph.onlyInput(input); return }
        guard input.shape == inputShape else {
            throw GraphError.inputMismatch(input: graph.input.name, expected: inputShape, got: input.shape)
        }
        if output.shape != outputShape { output = Tensor(zeros: outputShape) }
        input.withUnsafeBufferPointer { x in
            let base = UnsafePointer(x.baseAddress!)
            execute { _ in base }
            let source = data(of: graph.outputs[0]) { _ in base }
            output.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: $0.count) }
        }
    }

    /// Runs a single-input graph; returns its first output and the named feature maps,
    /// which must have been kept (``CompileOptions/keeping``) or be graph outputs.
    public func run(_ input: Tensor, capturing: [String] = []) throws -> (output: Tensor, featureMaps: [String: Tensor]) {
        let values = try run(graph.onlyInput(input), capturing: capturing)
        return (values[graph.outputNames[0]]!, values.filter { capturing.contains($0.key) })
    }

    /// Runs the graph on one tensor per input name; returns every graph output and every
    /// node named in `capturing` (kept when compiling, or a graph output), by node name.
    public func run(_ inputs: [String: Tensor], capturing: [String] = []) throws -> [String: Tensor] {
        let indices = try capturing.map { name -> Int in
            guard let index = graph.nodes.firstIndex(where: { $0.name == name }),
                  keptNames.contains(name) || graph.outputs.contains(index) || graph.nodes[index].isInput else {
                throw GraphError.unknownNode(
                    "feature map '\(name)' is not available: compile with `keeping: [\"\(name)\"]` so it is neither fused away nor overwritten")
            }
            return index
        }
        let bound = try graph.orderedInputs(inputs)
        let pointers = bound.map { tensor in tensor.withUnsafeBufferPointer { UnsafePointer($0.baseAddress!) } }
        return withExtendedLifetime(bound) {
            execute { pointers[$0] }
            var result: [String: Tensor] = [:]
            for index in graph.outputs + indices { result[graph.nodes[index].name] = copy(of: index) { pointers[$0] } }
            return result
        }
    }

    /// Where node `index`'s output is: its arena slot, or (for a graph input and aliases
    /// of it) the caller's data, `input(k)` being graph input k's base address.
    private func data(of index: Int, _ input: (Int) -> UnsafePointer<Float>) -> UnsafePointer<Float> {
        if let offset = arenaPlan.offsets[index] { return UnsafePointer(arena.baseAddress! + offset) }
        return input(inputOfRoot[arenaPlan.roots[index]]!)
    }

    /// A new tensor holding node `index`'s output.
    private func copy(of index: Int, _ input: (Int) -> UnsafePointer<Float>) -> Tensor {
        var tensor = Tensor(zeros: graph.nodes[index].outputShape)
        let source = data(of: index, input)
        tensor.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: $0.count) }
        return tensor
    }

    /// Runs a single-input graph once, timing every node: (node, op, milliseconds), in order.
    public func profile(_ input: Tensor, clock: @escaping () -> Double) throws -> [(node: String, op: String, milliseconds: Double)] {
        let bound = try graph.orderedInputs(graph.onlyInput(input))
        var timings: [(node: String, op: String, milliseconds: Double)] = []
        bound[0].withUnsafeBufferPointer { x in
            execute({ _ in UnsafePointer(x.baseAddress!) }) { index, body in
                let start = clock()
                body()
                timings.append((self.graph.nodes[index].name, self.graph.nodes[index].op.opName, clock() - start))
            }
        }
        return timings
    }

    /// Runs every step; `input(k)` is the base address of the caller's tensor for graph
    /// input `k`, valid for the whole call.
    private func execute(_ input: (Int) -> UnsafePointer<Float>, around: ((Int, () -> Void) -> Void)? = nil) {
        for (slot, k) in inputSlots { pointerTable[slot] = input(k) }
        let table = UnsafeBufferPointer(pointerTable)
        for index in steps {
            let inputs = UnsafeBufferPointer(rebasing: table[tableStarts[index]..<tableStarts[index] + graph.nodes[index].inputs.count])
            let output = arena.baseAddress! + arenaPlan.offsets[index]!
            if let around {
                around(index) { plans[index].execute(inputs: inputs, output: output, workspace: workspace.baseAddress) }
            } else {
                plans[index].execute(inputs: inputs, output: output, workspace: workspace.baseAddress)
            }
        }
    }
}
