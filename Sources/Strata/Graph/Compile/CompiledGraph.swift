import Foundation
import Synchronization

/// Options of ``Graph/compiled(options:context:workers:)``.
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
    /// Bytes of convolution workspace (im2col column panels, Winograd blocks) per worker;
    /// 2 MiB by default (``Conv2dPlan/defaultWorkspaceBudget``). A graph's workspace is its
    /// largest convolution's, so it is about this times the thread count.
    public var workspaceBudgetBytes: Int
    /// When set, each convolution's algorithm is chosen by timing every applicable one on
    /// its real shapes (`ConvTuner`), instead of by the cost model; the choices are kept
    /// in this cache (and its file), so a later compile on the same machine only looks
    /// them up. Ignored for convolutions that ``convolutionAlgorithm`` forces. A file that
    /// cannot be written does not fail the compile: the reason goes to stderr (call
    /// ``ConvTuningCache/save()`` to get it as an error).
    public var tuning: ConvTuningCache?
    /// The most bytes the compiled graph may take (each node's output, the activation
    /// arena, the workspace and the inputs, and each further concurrent run's state), below
    /// the process-wide ``MemoryLimit``, which always applies too; nil: only that. Lets one
    /// model of many be held to a budget (the C API's `strata_options.memory_limit`).
    public var memoryLimitBytes: Int?

    /// Options; every argument sets the property of the same name. The defaults are what
    /// inference wants: BatchNorm folded, activations and layer norms fused, no node kept,
    /// the cost model's convolution algorithms, a 2 MiB workspace per thread, no tuning cache.
    public init(
        foldBatchNorm: Bool = true, fuseActivations: Bool = true, keeping: Set<String> = [], fuseLayerNorm: Bool = true,
        convolutionAlgorithm: ConvAlgorithm? = nil,
        workspaceBudgetBytes: Int = Conv2dPlan.defaultWorkspaceBudget * MemoryLayout<Float>.stride,
        tuning: ConvTuningCache? = nil, memoryLimitBytes: Int? = nil
    ) {
        self.fuseLayerNorm = fuseLayerNorm
        self.foldBatchNorm = foldBatchNorm
        self.fuseActivations = fuseActivations
        self.keeping = keeping
        self.convolutionAlgorithm = convolutionAlgorithm
        self.workspaceBudgetBytes = workspaceBudgetBytes
        self.tuning = tuning
        self.memoryLimitBytes = memoryLimitBytes
    }
}

extension Graph {
    /// Optimizes the graph for inference and plans every buffer: see ``CompiledGraph``.
    /// - Parameters:
    ///   - options: which passes run (BatchNorm folding, activation and layer-norm fusion),
    ///     which nodes stay readable, convolution algorithm and workspace choices.
    ///   - context: where the compiled graph runs (its thread pool).
    ///   - workers: how many shares the kernels split their work into; by default the
    ///     context's thread count (a different count still runs, on the context's pool).
    public func compiled(
        options: CompileOptions = CompileOptions(), context: ExecutionContext = .default, workers: Int? = nil
    ) throws -> CompiledGraph {
        let unknown = options.keeping.filter { name in !nodes.contains { $0.name == name } }.sorted()
        guard unknown.isEmpty else {
            throw GraphError.unknownNode("cannot keep (capture) nodes the graph lacks: "
                + unknown.map { unknownNodeError($0).description }.joined(separator: "; "))
        }
        var graph = self
        if options.fuseLayerNorm { graph = try GraphPasses.fuseLayerNorm(graph, keeping: options.keeping) }
        if options.foldBatchNorm { graph = try GraphPasses.foldBatchNorm(graph, keeping: options.keeping) }
        if options.fuseActivations { graph = try GraphPasses.fuseActivations(graph, keeping: options.keeping) }
        let workers = workers ?? context.threads
        let budget = max(1, options.workspaceBudgetBytes / MemoryLayout<Float>.stride)
        let tuner = options.tuning.map { ConvTuner(cache: $0, context: context, workers: workers) }
        graph = try GraphPasses.configureConvolutions(graph) { conv, input in
            var conv = conv.budgeting(budget)
            if let algorithm = options.convolutionAlgorithm {
                conv = conv.preferring(algorithm)
            } else if let tuner {
                conv = conv.preferring(try tuner.fastestAlgorithm(for: conv, input: input))
            }
            return conv
        }
        do {
            try options.tuning?.save()
        } catch {
            // The choices are made and used; only keeping them failed. A library cannot
            // refuse to run for that, so it says why (``ConvTuningCache/save()`` throws).
            FileHandle.standardError.write(Data("strata: \(error); the tuned choices are used but not kept\n".utf8))
        }
        return try CompiledGraph(
            graph, keeping: options.keeping, context: context, workers: workers, memoryLimitBytes: options.memoryLimitBytes)
    }
}

/// A graph compiled for inference: ops planned for fixed shapes, every intermediate tensor
/// placed in one arena by liveness (`ArenaPlan`), one shared workspace, and a pointer
/// table per node built once. ``run(_:into:)`` then only executes: no allocation, no
/// shape checks per node, no tensor copies but the final output.
///
/// Safe to share between threads, the way an onnxruntime session is: plans and weights
/// are shared and immutable, and each concurrent run takes its own execution state
/// (arena, workspace, pointer table) from a small pool, making one when all are in use.
/// So a second concurrent run costs one more arena and workspace, not the weights. Runs
/// that overlap on one ``ExecutionContext`` share its pool: a kernel whose pool is busy
/// with another run's kernel runs on its caller's thread.
public final class CompiledGraph: Sendable {
    /// The optimized graph that runs.
    public let graph: Graph
    /// The thread pool every run uses.
    public let context: ExecutionContext
    /// Floats of the intermediate-tensor arena: the planned run's peak activation memory.
    public let arenaCount: Int
    /// Floats of the shared workspace (largest single op's scratch).
    public let workspaceCount: Int
    private let plans: [any OpPlan]
    private let arenaPlan: ArenaPlan
    /// Node i's input pointers start at `tableStarts[i]` of an ``ExecutionState``'s table.
    private let tableStarts: [Int]
    private let tableCount: Int
    /// Slots of the pointer table that point at a caller's input tensor (by position in
    /// ``Graph/inputs``), patched on every run.
    private let inputSlots: [(slot: Int, input: Int)]
    /// For each node whose data is a caller's tensor, that input's position.
    private let inputOfRoot: [Int: Int]
    /// Nodes that run, in order: not inputs, not aliases, not empty.
    private let steps: [Int]
    private let keptNames: Set<String>
    /// ``CompileOptions/memoryLimitBytes``: checked again for each further execution state.
    private let memoryLimitBytes: Int?
    /// Idle execution states; a run takes one (or makes one) and gives it back.
    private let idleStates: Locked<[ExecutionState]>

    init(_ graph: Graph, keeping: Set<String>, context: ExecutionContext, workers: Int, memoryLimitBytes: Int?) throws {
        self.graph = graph
        self.context = context
        self.memoryLimitBytes = memoryLimitBytes
        // Each output within the limit before any plan is made: plans build tables as long
        // as an output axis (Pad, Resize), so a hostile size must fail here, by name.
        for node in graph.nodes {
            try MemoryLimit.check(
                floats: node.outputShape.elementCount, "node '\(node.name)' (\(node.op.opName)) output \(node.outputShape)",
                within: memoryLimitBytes)
        }
        plans = try graph.nodes.indices.map { try graph.plan(node: $0, workers: workers) }
        keptNames = keeping
        let kept = Set(graph.nodes.indices.filter { keeping.contains(graph.nodes[$0].name) })
        arenaPlan = ArenaPlan(graph: graph, keeping: kept)
        arenaCount = arenaPlan.count
        workspaceCount = plans.map(\.workspaceCount).max() ?? 0
        let inputFloats = MemoryLimit.total(graph.inputs.map { graph.nodes[$0].outputShape.elementCount })
        try MemoryLimit.check(
            floats: MemoryLimit.total([arenaCount, workspaceCount, inputFloats ?? .max]) ?? .max,
            "the compiled graph (activation arena \(arenaCount) floats, workspace \(workspaceCount) floats, inputs "
                + "\(graph.inputs.map { graph.nodes[$0].outputShape.description }.joined(separator: ", "))\(graph.largestTensorNote))",
            within: memoryLimitBytes)
        let inputOfRoot = Dictionary(uniqueKeysWithValues: graph.inputs.enumerated().map { ($1, $0) })
        self.inputOfRoot = inputOfRoot
        steps = graph.nodes.indices.filter { index in
            let node = graph.nodes[index]
            // An empty output has nothing to compute (and kernels need not handle it).
            return !node.isInput && !node.op.aliasesInput && !node.outputShape.isEmpty
        }

        var starts: [Int] = []
        var total = 0
        var slots: [(Int, Int)] = []
        for node in graph.nodes {
            starts.append(total)
            for (position, input) in node.inputs.enumerated() where arenaPlan.offsets[input] == nil {
                slots.append((total + position, inputOfRoot[arenaPlan.roots[input]]!))
            }
            total += node.inputs.count
        }
        starts.append(total)   // so node i's slots are tableStarts[i]..<tableStarts[i + 1]
        tableStarts = starts
        tableCount = total
        inputSlots = slots
        let first = ExecutionState(graph: graph, arenaPlan: arenaPlan, workspaceCount: workspaceCount,
                                   tableStarts: starts, tableCount: total)
        idleStates = Locked([first])
    }

    /// Runs `body` with an execution state of its own: an idle one, else a new one (after
    /// checking its memory against ``MemoryLimit``).
    private func withState<R>(_ body: (ExecutionState) throws -> R) throws -> R {
        let state = try idleStates.withLock { $0.popLast() } ?? {
            try MemoryLimit.check(
                floats: MemoryLimit.total([arenaCount, workspaceCount]) ?? .max,
                "another concurrent run of the compiled graph (activation arena \(arenaCount) floats, workspace \(workspaceCount) floats)",
                within: memoryLimitBytes)
            return ExecutionState(graph: graph, arenaPlan: arenaPlan, workspaceCount: workspaceCount,
                                  tableStarts: tableStarts, tableCount: tableCount)
        }()
        defer { idleStates.withLock { $0.append(state) } }
        return try body(state)
    }

    /// Execution states made so far (one per run that overlapped others, at most).
    public var executionStateCount: Int { idleStates.withLock { $0.count } }

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
        try withState { state in
            input.withUnsafeBufferPointer { x in
                let base = UnsafePointer(x.baseAddress!)
                execute(state) { _ in base }
                let source = data(of: graph.outputs[0], in: state) { _ in base }
                output.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: $0.count) }
            }
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
        return try withState { state in
            withExtendedLifetime(bound) {
                execute(state) { pointers[$0] }
                var result: [String: Tensor] = [:]
                for index in graph.outputs + indices { result[graph.nodes[index].name] = copy(of: index, in: state) { pointers[$0] } }
                return result
            }
        }
    }

    /// Where node `index`'s output is: its arena slot, or (for a graph input and aliases
    /// of it) the caller's data, `input(k)` being graph input k's base address.
    private func data(of index: Int, in state: ExecutionState, _ input: (Int) -> UnsafePointer<Float>) -> UnsafePointer<Float> {
        if let offset = arenaPlan.offsets[index] { return UnsafePointer(state.arena.baseAddress! + offset) }
        return input(inputOfRoot[arenaPlan.roots[index]]!)
    }

    /// A new tensor holding node `index`'s output.
    private func copy(of index: Int, in state: ExecutionState, _ input: (Int) -> UnsafePointer<Float>) -> Tensor {
        var tensor = Tensor(zeros: graph.nodes[index].outputShape)
        let source = data(of: index, in: state, input)
        tensor.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: $0.count) }
        return tensor
    }

    /// Runs a single-input graph once, timing every node: (node, op, milliseconds), in order.
    public func profile(_ input: Tensor, clock: @escaping () -> Double) throws -> [(node: String, op: String, milliseconds: Double)] {
        let bound = try graph.orderedInputs(graph.onlyInput(input))
        var timings: [(node: String, op: String, milliseconds: Double)] = []
        try withState { state in
            bound[0].withUnsafeBufferPointer { x in
                execute(state, { _ in UnsafePointer(x.baseAddress!) }) { index, body in
                let start = clock()
                body()
                    timings.append((self.graph.nodes[index].name, self.graph.nodes[index].op.opName, clock() - start))
                }
            }
        }
        return timings
    }

    /// Runs every step; `input(k)` is the base address of the caller's tensor for graph
    /// input `k`, valid for the whole call.
    private func execute(
        _ state: ExecutionState, _ input: (Int) -> UnsafePointer<Float>, around: ((Int, () -> Void) -> Void)? = nil
    ) {
        context.perform { executeSteps(state, input, around: around) }
    }

    private func executeSteps(
        _ state: ExecutionState, _ input: (Int) -> UnsafePointer<Float>, around: ((Int, () -> Void) -> Void)?
    ) {
        for (slot, k) in inputSlots { state.pointerTable[slot] = input(k) }
        let table = UnsafeBufferPointer(state.pointerTable)
        let (arena, workspace) = (state.arena.baseAddress!, state.workspace.baseAddress)
        for index in steps {
            let inputs = UnsafeBufferPointer(rebasing: table[tableStarts[index]..<tableStarts[index + 1]])
            let output = arena + arenaPlan.offsets[index]!
            if let around {
                around(index) { plans[index].execute(inputs: inputs, output: output, workspace: workspace) }
            } else {
                plans[index].execute(inputs: inputs, output: output, workspace: workspace)
            }
        }
    }
}
