/// Runs a graph as written: every node through its fast kernel, every output in a fresh
/// tensor. This is the unoptimized baseline that ``CompiledGraph`` must match, and the
/// simplest way to get every feature map.
public struct GraphRunner {
    public let graph: Graph
    private let plans: [any OpPlan]
    private let workspace = Workspace()

    public init(_ graph: Graph, workers: Int = Threading.workers) throws {
        self.graph = graph
        plans = try graph.nodes.map { node in
            try node.op.plan(inputs: node.inputs.map { graph.nodes[$0].outputShape }, output: node.outputShape, workers: workers)
        }
    }

    /// Runs the graph on `input`; returns its first output and the outputs of the nodes
    /// named in `capturing` (feature maps), by name.
    public func run(_ input: Tensor, capturing: [String] = []) throws -> (output: Tensor, featureMaps: [String: Tensor]) {
        guard input.shape == graph.input.outputShape else {
            throw GraphError.inputMismatch(expected: graph.input.outputShape, got: input.shape)
        }
        let captured = try capturing.map { try graph.index(of: $0) }
        let values = runAll(input)
        var maps: [String: Tensor] = [:]
        for (name, index) in zip(capturing, captured) { maps[name] = values[index] }
        return (values[graph.outputs[0]], maps)
    }

    /// Every node's output, in node order.
    func runAll(_ input: Tensor) -> [Tensor] {
        var values: [Tensor] = [input]
        values.reserveCapacity(graph.nodes.count)
        let scratch = workspace.buffer(count: plans.map(\.workspaceCount).max() ?? 0)
        for (index, node) in graph.nodes.enumerated().dropFirst() {
            var output = Tensor(zeros: node.outputShape)
            withInputPointers(node.inputs.map { values[$0] }) { pointers in
                output.withUnsafeMutableBufferPointer { y in
                    plans[index].execute(inputs: pointers, output: y.baseAddress!, workspace: scratch)
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
