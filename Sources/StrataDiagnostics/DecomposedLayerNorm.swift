import Strata

/// The layer norm as exporters write it out op by op, for testing and timing the
/// compiler's fusion (`Graph.compiled(options:context:workers:)` with `fuseLayerNorm`):
///
///     m = ReduceMean(x, last k axes)   d = x − m   v = ReduceMean(square(d))
///     y = d / Sqrt(v + ε) [· γ] [+ β]
///
/// `square` is `Pow(d, 2)` (with a constant exponent) or `Mul(d, d)`.
public enum DecomposedLayerNorm {
    /// How the square of `d` is written: `Pow(d, 2)` (PyTorch's exporter) or `Mul(d, d)`.
    public enum Square: Sendable {
        /// `Pow(d, 2)` with a constant exponent node.
        case pow
        /// `Mul(d, d)`.
        case mul
    }

    /// The graph on one input `x` of `shape`; its first output is the last node
    /// ("normalized", "scaled" or "shifted_out"), the intermediate named `extraOutput`, when
    /// given, a second output.
    public static func graph(
        shape: [Int], normalizedAxes k: Int, epsilon: Float = 1e-5, gamma: Tensor? = nil, beta: Tensor? = nil,
        square: Square = .pow, extraOutput: String? = nil
    ) throws -> Graph {
        let rank = shape.count
        let axes = Array(rank - k..<rank)
        var nodes: [Graph.NodeSpec] = []
        func add(_ name: String, _ op: any GraphOp, _ inputs: [String]) { nodes.append(.init(name: name, op: op, inputs: inputs)) }
        add("mean", ReduceOp(try ReduceConfiguration(.mean, axes: axes, rank: rank)), ["x"])
        add("centered", BinaryOp(.sub), ["x", "mean"])
        switch square {
        case .pow:
            add("two", ConstantOp(Tensor(shape: [] as Shape, repeating: 2)), [])
            add("squared", BinaryOp(.pow), ["centered", "two"])
        case .mul:
            add("squared", BinaryOp(.mul), ["centered", "centered"])
        }
        add("variance", ReduceOp(try ReduceConfiguration(.mean, axes: axes, rank: rank)), ["squared"])
        add("epsilon", ConstantOp(Tensor(shape: [] as Shape, repeating: epsilon)), [])
        add("shifted", BinaryOp(.add), ["variance", "epsilon"])
        add("deviation", ActivationOp(.sqrt), ["shifted"])
        var last = "normalized"
        add(last, BinaryOp(.div), ["centered", "deviation"])
        if let gamma {
            add("gamma", ConstantOp(gamma), [])
            add("scaled", BinaryOp(.mul), [last, "gamma"])
            last = "scaled"
        }
        if let beta {
            add("beta", ConstantOp(beta), [])
            add("shifted_out", BinaryOp(.add), ["beta", last])   // the constant first: either order fuses
            last = "shifted_out"
        }
        return try Graph(inputName: "x", inputShape: Shape(shape), nodes: nodes,
                         outputs: [last] + (extraOutput.map { [$0] } ?? []))
    }
}
