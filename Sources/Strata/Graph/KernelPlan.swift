/// The plan of an op whose compiled form is one kernel call: everything worked out at plan
/// time (shapes, loop nests, tables, the chosen algorithm) is captured by `body`, which a
/// run calls once per node. That is one closure call per node and no allocation per run:
/// the closure's context is allocated once, when the plan is made.
///
/// ```swift
/// public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
///     let count = output.elementCount
///     return KernelPlan { inputs, output, _ in relu(inputs[0], output, count) }
/// }
/// ```
public struct KernelPlan: OpPlan {
    /// Runs the kernel: one pointer per op input, the output (overwritten), the shared
    /// workspace (at least ``workspaceCount`` floats, nil when that is 0).
    public typealias Body = @Sendable (
        _ inputs: UnsafeBufferPointer<UnsafePointer<Float>>, _ output: UnsafeMutablePointer<Float>,
        _ workspace: UnsafeMutablePointer<Float>?) -> Void

    public let workspaceCount: Int
    let body: Body

    /// A plan that calls `body` once per run.
    /// - Parameters:
    ///   - workspaceCount: floats of shared scratch `body` needs.
    ///   - body: the kernel call, capturing everything planned.
    public init(workspaceCount: Int = 0, _ body: @escaping Body) {
        self.workspaceCount = workspaceCount
        self.body = body
    }

    public func execute(
        inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
        workspace: UnsafeMutablePointer<Float>?
    ) {
        body(inputs, output, workspace)
    }

    /// Copies the first input's `count` floats: what an aliasing op (Flatten, Identity)
    /// does when it runs outside a compiled graph, which aliases instead.
    static func copy(count: Int) -> KernelPlan {
        KernelPlan { inputs, output, _ in output.update(from: inputs[0], count: count) }
    }

    /// Does nothing (a graph input, whose data the caller binds).
    static let nothing = KernelPlan { _, _, _ in }
}
