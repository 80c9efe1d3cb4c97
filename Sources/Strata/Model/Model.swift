import Synchronization

/// A network ready to run on inputs of any size its signature allows, the way an
/// onnxruntime session is: symbolic dimensions (`batch`, `height`, `width`) are bound by
/// the shapes of each run's inputs; the graph is then built and compiled for those shapes
/// (BatchNorm folding, fusion, arena) once, and the plan is cached. Later runs at the same
/// shapes reuse it; a new shape plans again. The cache holds the
/// ``planCacheCapacity`` most recently used plans (least recently used dropped first).
///
/// ```swift
/// let model = try ONNXImporter.load(contentsOf: url)        // input x [1, 3, height, width]
/// let out = try model.run(["x": image])                      // plans for image's shape
/// print(model.inputs, model.outputNames, model.planStatistics)
/// ```
///
/// Where a graph has no symbolic dimensions, ``graph()`` gives it directly. Safe to share
/// between threads, like an onnxruntime session: the plan cache is locked, and a compiled
/// plan runs concurrently (see ``CompiledGraph``). Two threads that need a new plan for
/// the same shapes at once may both make it; one is kept.
public final class Model: Sendable {
    /// The graph inputs, with their fixed and symbolic dimensions.
    public let inputs: [InputSignature]
    /// The graph outputs' names, in order.
    public let outputNames: [String]
    /// How each specialized graph is compiled (``CompileOptions/keeping`` is added per run).
    /// Changing it applies to plans made afterwards.
    public var compileOptions: CompileOptions {
        get { state.withLock { $0.compileOptions } }
        set { state.withLock { $0.compileOptions = newValue } }
    }
    /// How many compiled plans (one per distinct set of input shapes and threads) to keep.
    public var planCacheCapacity: Int {
        get { state.withLock { $0.cache.capacity } }
        set { state.withLock { $0.cache.capacity = max(1, newValue) } }
    }
    /// How many plans have been made and how long the last one took.
    public var planStatistics: PlanStatistics { state.withLock { $0.statistics } }

    private let specialize: @Sendable (DimensionBindings, [String: Shape]) throws -> Graph
    private let state: Locked<State>

    /// What runs on several threads may change, behind one lock.
    private struct State {
        var compileOptions: CompileOptions
        var cache: PlanCache
        var statistics = PlanStatistics()
    }

    /// How many times the model planned for new shapes, and the cost of the last one.
    public struct PlanStatistics: Sendable, CustomStringConvertible {
        /// How many plans were built (one per new set of input shapes, a cache miss).
        public var plans = 0
        /// Wall-clock milliseconds of the last plan: building the graph for the bound
        /// shapes, folding, fusion and arena planning.
        public var lastPlanMilliseconds = 0.0
        public var description: String { "\(plans) plan\(plans == 1 ? "" : "s"), last took \(lastPlanMilliseconds) ms" }
    }

    /// A model whose graph is built per set of input shapes by `specialize`, which gets the
    /// bound symbols and the shapes (by input name) and throws if the model cannot take
    /// them, naming the node.
    public init(
        inputs: [InputSignature], outputNames: [String], compileOptions: CompileOptions = CompileOptions(),
        planCacheCapacity: Int = 8,
        specialize: @escaping @Sendable (DimensionBindings, [String: Shape]) throws -> Graph
    ) {
        self.inputs = inputs
        self.outputNames = outputNames
        self.specialize = specialize
        state = Locked(State(compileOptions: compileOptions, cache: PlanCache(capacity: max(1, planCacheCapacity))))
    }

    /// A model of one fixed-shape graph.
    public convenience init(_ graph: Graph, compileOptions: CompileOptions = CompileOptions()) {
        self.init(
            inputs: graph.inputs.map { InputSignature(name: graph.nodes[$0].name, shape: graph.nodes[$0].outputShape) },
            outputNames: graph.outputNames, compileOptions: compileOptions) { _, _ in graph }
    }

    /// Every symbolic dimension: (input, axis, name).
    public var symbolicDimensions: [(input: String, axis: Int, name: String)] {
        inputs.flatMap { signature in signature.symbols.map { (signature.name, $0.axis, $0.name) } }
    }

    /// The input shapes, when no dimension is symbolic.
    public var fixedInputShapes: [String: Shape]? {
        var shapes: [String: Shape] = [:]
        for signature in inputs {
            guard let shape = signature.fixedShape else { return nil }
            shapes[signature.name] = shape
        }
        return shapes
    }

    /// The graph for these input shapes (one per input name), not compiled. Throws
    /// ``GraphError/invalidInputs(_:)`` for shapes the signature does not allow, and
    /// ``GraphError/unsupportedShapes(bindings:reason:)`` when the graph cannot be built
    /// for them (a Reshape that does not divide, a Concat of mismatched maps).
    public func graph(for shapes: [String: Shape]) throws -> Graph {
        let bindings = try DimensionBindings(binding: shapes, to: inputs)
        do {
            return try specialize(bindings, shapes)
        } catch let error as GraphError {
            throw error.withBindings(bindings)
        } catch {
            throw GraphError.unsupportedShapes(bindings: bindings.description, reason: "\(error)")
        }
    }

    /// The graph, for a model without symbolic dimensions; otherwise throws naming them.
    public func graph() throws -> Graph {
        guard let shapes = fixedInputShapes else { throw GraphError.invalidInputs(symbolicMessage) }
        return try graph(for: shapes)
    }

    /// "input 'x' has symbolic dimensions height (axis 2), width (axis 3); ..."
    public var symbolicMessage: String {
        let parts = inputs.filter { !$0.symbols.isEmpty }.map { signature in
            "input '\(signature.name)' \(signature) has symbolic dimension\(signature.symbols.count == 1 ? "" : "s") "
                + signature.symbols.map { "\($0.name) (axis \($0.axis))" }.joined(separator: ", ")
        }
        return parts.joined(separator: "; ") + "; give concrete input shapes"
    }

    /// The compiled plan for these input shapes, running on `context` with its kernels
    /// split in `workers` shares (default: the context's threads): from the cache, or made
    /// now and cached.
    public func compiled(
        for shapes: [String: Shape], keeping: Set<String> = [], context: ExecutionContext = .default, workers: Int? = nil
    ) throws -> CompiledGraph {
        let workers = workers ?? context.threads
        let key = PlanCache.Key(
            shapes: inputs.map { shapes[$0.name] }, keeping: keeping, workers: workers, context: ObjectIdentifier(context))
        let (cached, compileOptions) = state.withLock { ($0.cache.plan(for: key), $0.compileOptions) }
        if let cached { return cached }
        // Planning runs outside the lock: other shapes' runs go on meanwhile.
        let clock = ContinuousClock()
        let start = clock.now
        var options = compileOptions
        options.keeping.formUnion(keeping)
        let graph = try graph(for: shapes)
        let plan = try graph.compiled(options: options, context: context, workers: workers)
        let elapsed = clock.now - start
        state.withLock { state in
            state.statistics.plans += 1
            state.statistics.lastPlanMilliseconds = Double(elapsed.components.seconds) * 1e3
                + Double(elapsed.components.attoseconds) / 1e15
            state.cache.insert(plan, for: key)
        }
        return plan
    }

    /// Runs the model on one tensor per input name; returns every output, and every node
    /// named in `capturing` (a feature map), by name. Plans for new shapes first.
    public func run(
        _ inputs: [String: Tensor], capturing: [String] = [], context: ExecutionContext = .default, workers: Int? = nil
    ) throws -> [String: Tensor] {
        let plan = try compiled(for: inputs.mapValues(\.shape), keeping: Set(capturing), context: context, workers: workers)
        return try plan.run(inputs, capturing: capturing)
    }

    /// Runs a single-input model; see ``run(_:capturing:context:workers:)``.
    public func run(
        _ input: Tensor, capturing: [String] = [], context: ExecutionContext = .default, workers: Int? = nil
    ) throws -> [String: Tensor] {
        guard inputs.count == 1 else {
            throw GraphError.invalidInputs(
                "the model has \(inputs.count) inputs \(Graph.quoted(inputs.map(\.name))); pass a tensor for each by name")
        }
        return try run([inputs[0].name: input], capturing: capturing, context: context, workers: workers)
    }
}
