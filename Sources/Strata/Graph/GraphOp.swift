/// What a graph node computes. One op kind is one type in its family's folder
/// (`Ops/Convolution/ConvOp.swift`), a thin adapter from the family's kernel to the graph:
/// shape inference, parameters, MACs, planning. Its naive reference computation is not
/// part of the op: it lives in the reference table of `StrataDiagnostics`.
public protocol GraphOp: Sendable {
    /// The op's name in summaries and errors ("Conv2d", "ReLU", ...).
    var opName: String { get }
    /// The output shape for these input shapes, or a `StrataError` saying what was expected.
    func outputShape(for inputs: [Shape]) throws -> Shape
    /// Persistent tensors by local name ("weight", "bias", "running_mean"), in a stable
    /// order: what is saved and loaded.
    var parameters: [(name: String, value: Tensor)] { get }
    /// Which of ``parameters`` are statistics rather than learned parameters (BatchNorm's
    /// running mean and variance): saved, but not counted as parameters, as in PyTorch.
    var statisticNames: Set<String> { get }
    /// The same op with these parameter values (same names and shapes, checked by the caller).
    func replacingParameters(_ values: [String: Tensor]) -> any GraphOp
    /// Multiply-accumulates of one run.
    func macs(inputs: [Shape], output: Shape) -> Int
    /// How the op looks at space, for receptive-field bookkeeping.
    var spatialExtent: SpatialExtent { get }
    /// Rows and columns placed before the input's first row and column for these input
    /// shapes (the resolved top and left padding of a window op, the spatial begins of a
    /// Pad; negative for cropping), so ``GraphSummary`` can place each receptive field on
    /// the input; zero for ops that do not move pixels.
    func spatialPaddingStart(inputs: [Shape]) -> Size2D
    /// True for ops whose output is their first input's buffer reinterpreted (Flatten):
    /// the planner aliases instead of copying.
    var aliasesInput: Bool { get }
    /// Compiles the op for fixed input shapes (most ops return a ``KernelPlan``).
    func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan
    /// For ops that choose among algorithms (convolution): the one ``plan(inputs:output:workers:)``
    /// would run, as ``GraphSummary`` shows it; nil for the others.
    func plannedAlgorithm(inputs: [Shape], workers: Int) -> String?
}

extension GraphOp {
    public var parameters: [(name: String, value: Tensor)] { [] }
    public var statisticNames: Set<String> { [] }
    public func replacingParameters(_ values: [String: Tensor]) -> any GraphOp { self }
    public func macs(inputs: [Shape], output: Shape) -> Int { 0 }
    public var spatialExtent: SpatialExtent { .pointwise }
    /// No padding: the op does not move pixels.
    public func spatialPaddingStart(inputs: [Shape]) -> Size2D { Size2D(0, 0) }
    public var aliasesInput: Bool { false }
    public func plannedAlgorithm(inputs: [Shape], workers: Int) -> String? { nil }
}

/// How one output pixel depends on input pixels.
public enum SpatialExtent: Sendable, Equatable {
    /// Each output pixel reads the same input pixel (activations, norms, 1x1 s1 ops).
    case pointwise
    /// A sliding window: kernel, stride and dilation per axis.
    case window(kernel: Size2D, stride: Size2D, dilation: Size2D)
    /// Every output reads the whole input plane (global pooling, flatten + linear).
    case global
}

/// A compiled op: runs on raw buffers, allocates nothing.
public protocol OpPlan: Sendable {
    /// Floats of scratch memory `execute` needs (shared by all nodes of a graph).
    var workspaceCount: Int { get }
    /// - Parameters:
    ///   - inputs: one pointer per op input, each holding its planned shape.
    ///   - output: room for the output shape's element count, overwritten.
    ///   - workspace: at least ``workspaceCount`` floats of scratch (nil when it is 0),
    ///     overwritten; shared with other nodes, so nothing survives between calls.
    func execute(
        inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
        workspace: UnsafeMutablePointer<Float>?)
}

extension OpPlan {
    public var workspaceCount: Int { 0 }
}

/// The plan of a node whose output is empty. Runners never execute such a node, so
/// nothing is planned for it: a real plan could still cost memory in proportion to the
/// other sizes (Pad's index tables for a `[0, 3, 2^31 − 1, 2^31 − 1]` output took 34 GB).
struct EmptyOutputPlan: OpPlan {
    func execute(
        inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
        workspace: UnsafeMutablePointer<Float>?
    ) {}
}

extension Graph {
    /// Node `index` planned for its input shapes and `workers` shares (``EmptyOutputPlan``
    /// when its output is empty).
    /// - Throws: the op's plan errors; a ``StrataError/memoryLimit(_:)`` for what the plan
    ///   makes (Winograd's transformed weights, Pad's tables) names the node.
    func plan(node index: Int, workers: Int) throws -> any OpPlan {
        let node = nodes[index]
        guard !node.outputShape.isEmpty else { return EmptyOutputPlan() }
        do {
            return try node.op.plan(inputs: node.inputs.map { nodes[$0].outputShape }, output: node.outputShape, workers: workers)
        } catch StrataError.memoryLimit(let message) {
            throw StrataError.memoryLimit("node '\(node.name)' (\(node.op.opName)): \(message)")
        }
    }
}
