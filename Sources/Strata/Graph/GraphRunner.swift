/// Runs a graph as written: every node through its fast kernel, every output in a fresh
/// tensor. This is the unoptimized baseline that ``CompiledGraph`` must match, and the
/// simplest way to get every feature map.
public struct GraphRunner {
    /// The graph this runner runs, as written (no folding or fusion).
    public let graph: Graph
    private let plans: [any OpPlan]
    private let workspace = Workspace()
    /// The thread pool every run uses.
    public let context: ExecutionContext

    /// Plans every node for `workers` shares (by default the context's thread count);
    /// throws ``StrataError/memoryLimit(_:)`` when keeping every node's output (as a run
    /// does) would exceed ``MemoryLimit``.
    public init(_ graph: Graph, context: ExecutionContext = .default, workers: Int? = nil) throws {
        let workers = workers ?? context.threads
        try MemoryLimit.check(
            floats: MemoryLimit.total(graph.nodes.map(\.outputShape.elementCount)) ?? .max,
            "running every node of the graph unoptimized (all \(graph.nodes.count) outputs are kept\(graph.largestTensorNote))")
        self.graph = graph
        self.context = context
        plans = try graph.nodes.indices.map { try graph.plan(node: $0, workers: workers) }
    }

    /// Runs a single-input graph on `input`; returns its first output and the outputs of
    /// the nodes named in `capturing` (feature maps), by name.
    public func run(_ input: Tensor, capturing: [String] = []) throws -> (output: Tensor, featureMaps: [String: Tensor]) {
        let values = try run(graph.onlyInput(input), capturing: capturing)
        return (values[graph.outputNames[0]]!, values.filter { capturing.contains($0.key) })
    }

    /// Runs the graph on one tensor per input name; returns every graph output and every
    /// node named in `capturing`, by node name.
    public func run(_ inputs: [String: Tensor], capturing: [String] = []) throws -> [String: Tensor] {
        let bound = try graph.orderedInputs(inputs)
        let captured = try capturing.map { try graph.index(of: $0) }
        let values = context.perform { runAll(bound) }
        var result: [String: Tensor] = [:]
        for index in graph.outputs + captured { result[graph.nodes[index].name] = values[index] }
        return result
    }

    /// Every node's output, in node order; `inputs` in ``Graph/inputs`` order.
    func runAll(_ inputs: [Tensor]) -> [Tensor] {
        var values: [Tensor] = []
        values.reserveCapacity(graph.nodes.count)
        var nextInput = inputs.makeIterator()
        let scratch = workspace.buffer(count: plans.map(\.workspaceCount).max() ?? 0)
        for (index, node) in graph.nodes.enumerated() {
            if node.isInput {
                values.append(nextInput.next()!)
                continue
            }
            var output = Tensor(zeros: node.outputShape)
            // An empty output has nothing to compute (and kernels need not handle it).
            if !node.outputShape.isEmpty {
                withInputPointers(node.inputs.map { values[$0] }) { pointers in
                    output.withUnsafeMutableBufferPointer { y in
                        plans[index].execute(inputs: pointers, output: y.baseAddress!, workspace: scratch)
                    }
                }
            }
            values.append(output)
        }
        return values
    }
}

/// Calls `body` with a buffer of base pointers of `tensors` (kept alive meanwhile).
func withInputPointers<R>(_ tensors: [Tensor], _ body: (UnsafeBufferPointer<UnsafePointer<Float>>) -> R) -> R {
    let pointers = tensors.map { tensor in tensor.withUnsafeBufferPointer { UnsafePointer($0.baseAddress!) } }
    return withExtendedLifetime(tensors) { pointers.withUnsafeBufferPointer(body) }
}

extension Graph {
    /// "; largest tensor: node 'conv1' (Conv2d) [1, 64, 112, 112], 3211264 bytes", for
    /// memory-limit errors: the node that asks the most.
    var largestTensorNote: String {
        guard let node = nodes.max(by: { $0.outputShape.elementCount < $1.outputShape.elementCount }) else { return "" }
        let bytes = node.outputShape.elementCount.multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        return "; largest tensor: node '\(node.name)' (\(node.op.opName)) \(node.outputShape), "
            + (bytes.overflow ? "more than \(Int.max) bytes" : "\(bytes.partialValue) bytes")
    }
}
