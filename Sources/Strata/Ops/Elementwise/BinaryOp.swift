/// Elementwise binary op with numpy broadcasting at any rank 0-8 (residual Add, gating
/// Mul, ONNX Sub, Div, and PRelu with its slope as the second operand).
///
/// Adding a kind: its case, its line in ``Kind/apply(_:_:_:loops:workers:)`` and its
/// vector operator below, all in this file; its reference entry in
/// `Reference.binaryOperators` (StrataReference/ReferenceElementwise.swift), keyed by the
/// raw value; and, for ONNX, a line in StrataONNX's op table.
public struct BinaryOp: GraphOp {
    /// The operation; the raw value is the ONNX op type and the reference table's key.
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
        return KernelPlan { inputs, output, _ in kind.apply(inputs[0], inputs[1], output, loops: loops, workers: workers) }
    }
}

extension BinaryOp.Kind {
    /// `y = op(a, b)` over the broadcast `loops`, with this kind's vector operator.
    @inline(__always)
    func apply(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        loops: BroadcastLoops, workers: Int
    ) {
        switch self {
        case .add: broadcastBinary(a, b, y, loops: loops, workers: workers, Sum())
        case .sub: broadcastBinary(a, b, y, loops: loops, workers: workers, Difference())
        case .mul: broadcastBinary(a, b, y, loops: loops, workers: workers, Product())
        case .div: broadcastBinary(a, b, y, loops: loops, workers: workers, Quotient())
        case .prelu: broadcastBinary(a, b, y, loops: loops, workers: workers, ParametricReLU())
        }
    }
}

// MARK: - Vector operators, one per kind

struct Sum: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a + b }
}

struct Product: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a * b }
}

struct Difference: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a - b }
}

struct Quotient: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector { a / b }
}

struct ParametricReLU: VectorOperator {
    @inline(__always) func callAsFunction(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        a.replacing(with: a * b, where: a .< 0)
    }
}
