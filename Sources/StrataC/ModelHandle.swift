import CStrataAPI
import Foundation
import Strata

/// What a `strata_model*` stands for: the model, the context its runs use, and the names
/// it hands out as C strings (a `const char*` from `strata_model_input_name` must outlive
/// the call, so they live as long as the handle).
final class ModelHandle: Sendable {
    let model: Model
    /// strdup'ed, freed in deinit; never mutated after init.
    nonisolated(unsafe) let inputNames: [UnsafeMutablePointer<CChar>]
    nonisolated(unsafe) let outputNames: [UnsafeMutablePointer<CChar>]
    /// The graph outputs' names, to tell them from layers a run captures.
    let outputNameSet: Set<String>
    /// The context runs use (`strata_model_set_threads` replaces it) and the layer names,
    /// made on first use (they need a graph, which a symbolic model builds at probe sizes).
    private let state: Locked<State>

    private struct State {
        var context: ExecutionContext
        var layers: Layers?
        var lastRunShapes: [String: Shape]?
        /// Set when the probe size failed: only then do runs record their shapes.
        var wantsRunShapes = false
        var outputShapes: Result<[String: [Int64]], CAPIError>?
    }

    /// Layer names as Swift strings (to check requested names) and as C strings (to hand
    /// out); the C strings are freed with the handle.
    final class Layers: Sendable {
        let names: [String]
        let set: Set<String>
        nonisolated(unsafe) let cNames: [UnsafeMutablePointer<CChar>]

        init(_ names: [String]) {
            self.names = names
            set = Set(names)
            cNames = names.map { strdup($0)! }
        }

        deinit { for name in cNames { free(name) } }
    }

    init(model: Model, context: ExecutionContext) {
        self.model = model
        state = Locked(State(context: context))
        inputNames = model.inputs.map { strdup($0.name)! }
        outputNames = model.outputNames.map { strdup($0)! }
        outputNameSet = Set(model.outputNames)
    }

    deinit {
        for name in inputNames + outputNames { free(name) }
    }

    var context: ExecutionContext {
        get { state.withLock { $0.context } }
        set { state.withLock { $0.context = newValue } }
    }

    /// Every node of the model's graph, in execution order, from the graph built at the
    /// ``ProbeShapes`` sizes, or, for a model that cannot take those, at the shapes of its
    /// last successful run. Kept once made; a failure is not kept (a later run may give
    /// shapes that work). Throws what building the graph threw.
    func layers() throws(CAPIError) -> Layers {
        if let made = state.withLock({ $0.layers }) { return made }
        let graph: Graph
        do {
            graph = try model.graph(for: ProbeShapes.first(of: model))
        } catch {
            guard let shapes = state.withLock({ state -> [String: Shape]? in
                state.wantsRunShapes = true
                return state.lastRunShapes
            }) else {
                throw CAPIError.shape(
                    "the model's layers depend on its input sizes, and it cannot be built at size \(ProbeShapes.firstSize) "
                        + "in every symbolic dimension (\(error)); run it once, or fix the sizes with options->dimensions")
            }
            do { graph = try model.graph(for: shapes) } catch { throw CAPIError(error, loading: false) }
        }
        let layers = Layers(graph.nodes.map(\.name))
        return state.withLock { state in
            if state.layers == nil { state.layers = layers }
            return state.layers!
        }
    }

    /// Records the input shapes of a successful run (what ``layers()`` falls back on), once
    /// the probe size has failed; otherwise costs one uncontended lock, nothing allocated.
    func ranSuccessfully(with inputs: [String: Tensor]) {
        guard state.withLock({ $0.wantsRunShapes && $0.layers == nil }) else { return }
        let shapes = inputs.mapValues(\.shape)
        state.withLock { state in
            if state.layers == nil { state.lastRunShapes = shapes }
        }
    }

    /// Each graph output's shape, -1 where it differs between the graphs built at the two
    /// ``ProbeShapes`` sizes (so follows a symbolic input size); built once.
    func outputShape(_ name: String) throws(CAPIError) -> [Int64] {
        let shapes = try cached(\.outputShapes) {
            let first = try model.graph(for: ProbeShapes.first(of: model)).outputShapes
            let second = model.symbolicDimensions.isEmpty ? first : try model.graph(for: ProbeShapes.second(of: model)).outputShapes
            return first.merging(second) { a, b in
                a.count == b.count ? zip(a, b).map { $0 == $1 ? $0 : -1 } : Array(repeating: -1, count: a.count)
            }
        }
        guard let shape = shapes[name] else { throw .internal("the graph has no output '\(name)'") }
        return shape
    }

    /// The value at `key`, made by `make` on first use and kept (failure included). Made
    /// outside the lock: two threads may both make it; the first result is kept.
    private func cached<T>(
        _ key: WritableKeyPath<State, Result<T, CAPIError>?>, _ make: () throws -> T
    ) throws(CAPIError) -> T {
        if let made = state.withLock({ $0[keyPath: key] }) { return try made.get() }
        let made = Result { try make() }.mapError { CAPIError($0, loading: false) }
        return try state.withLock { state in
            if state[keyPath: key] == nil { state[keyPath: key] = made }
            return state[keyPath: key]!
        }.get()
    }
}

private extension Graph {
    /// Each output's shape by name, as C's int64 dimensions.
    var outputShapes: [String: [Int64]] {
        Dictionary(zip(outputNames, outputs.map { nodes[$0].outputShape.dimensions.map(Int64.init) }), uniquingKeysWith: { a, _ in a })
    }
}

/// The live handles. A `strata_model*` is not an address but a number that is never reused
/// (1, 2, 3... as a pointer bit pattern), looked up here under a lock: a released or forged
/// handle is then a status, not a use-after-free, and a handle released while another model
/// took its memory cannot reach the wrong model.
enum HandleTable {
    private static let table = Locked<(next: UInt, live: [UInt: ModelHandle])>((1, [:]))

    static func register(_ handle: ModelHandle) -> OpaquePointer {
        let id = table.withLock { state in
            let id = state.next
            state.next += 1
            state.live[id] = handle
            return id
        }
        return OpaquePointer(bitPattern: id)!
    }

    /// The handle for `pointer`; a strong reference, so a concurrent release cannot free the
    /// model while this call uses it.
    static func lookup(_ pointer: OpaquePointer?) throws(CAPIError) -> ModelHandle {
        guard let pointer else { throw .nullPointer("model is NULL") }
        let id = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(pointer)))
        guard let handle = table.withLock({ $0.live[id] }) else {
            throw .invalidHandle("model \(pointer) is not a live strata_model: it was released or never created by strata_model_create_from_file or _from_memory")
        }
        return handle
    }

    /// Removes `pointer`; false when it was not live.
    static func remove(_ pointer: OpaquePointer) -> Bool {
        let id = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(pointer)))
        return table.withLock { $0.live.removeValue(forKey: id) } != nil
    }
}
