/// Elementwise binary op with numpy broadcasting at any rank 0-8 (residual Add, gating
/// Mul, ONNX Sub, Div, and PRelu with its slope as the second operand).
public struct BinaryOp: GraphOp {
    public enum Kind: String, Sendable, CaseIterable { case add = "Add", sub = "Sub", mul = "Mul", div = "Div", prelu = "PRelu" }
    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var opName: String { kind.rawValue }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 2)
        return try broadcastShape(inputs[0], inputs[1])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        // The broadcast loop nest is worked out once, here.
        let (kind, loops) = (kind, BroadcastLoops(inputs[0], inputs[1]))
        return KernelPlan { inputs, output, _ in
            let (a, b) = (inputs[0], inputs[1])
            switch kind {
            case .add: broadcastBinary(a, b, output, loops: loops, workers: workers, Sum())
            case .sub: broadcastBinary(a, b, output, loops: loops, workers: workers, Difference())
            case .mul: broadcastBinary(a, b, output, loops: loops, workers: workers, Product())
            case .div: broadcastBinary(a, b, output, loops: loops, workers: workers, Quotient())
            case .prelu: broadcastBinary(a, b, output, loops: loops, workers: workers, ParametricReLU())
            }
        }
    }
}
