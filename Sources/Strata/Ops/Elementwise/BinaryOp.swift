import StrataReference

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
        BinaryPlan(kind: kind, a: inputs[0], b: inputs[1], workers: workers)
    }

    public func reference(inputs: [Tensor]) throws -> Tensor {
        let (a, b) = (inputs[0], inputs[1])
        let (x, xShape, y, yShape) = (a.scalars, a.shape.dimensions, b.scalars, b.shape.dimensions)
        let values = switch kind {
        case .add: Reference.add(x, shape: xShape, y, shape: yShape)
        case .sub: Reference.sub(x, shape: xShape, y, shape: yShape)
        case .mul: Reference.mul(x, shape: xShape, y, shape: yShape)
        case .div: Reference.div(x, shape: xShape, y, shape: yShape)
        case .prelu: Reference.prelu(x, shape: xShape, slope: y, shape: yShape)
        }
        return try Tensor(shape: try broadcastShape(a.shape, b.shape).dimensions, values: values)
    }
}

/// The broadcast loop nest is worked out once, at plan time.
struct BinaryPlan: OpPlan {
    let kind: BinaryOp.Kind
    let loops: BroadcastLoops
    let workers: Int

    init(kind: BinaryOp.Kind, a: Shape, b: Shape, workers: Int) {
        (self.kind, self.loops, self.workers) = (kind, BroadcastLoops(a, b), workers)
    }

    func execute(inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
                 workspace: UnsafeMutablePointer<Float>?) {
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
