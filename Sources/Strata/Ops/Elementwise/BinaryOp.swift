/// Elementwise binary op with numpy broadcasting at any rank 0-8 (residual Add, gating
/// Mul, ONNX Sub, Div, PRelu with its slope as the second operand, Pow, Min, Max, and the
/// comparisons and logic ops, whose BOOL results are held as float 0/1).
///
/// Adding a kind: its case, its line in `Kind.apply(_:_:_:loops:workers:)` and its
/// vector operator below, all in this file; its reference entry in
/// `Reference.binaryOperators` (StrataReference/ReferenceElementwise.swift), keyed by the
/// raw value; and, for ONNX, a line in StrataONNX's op table.
public struct BinaryOp: GraphOp {
    /// The operation; the raw value is the ONNX op type and the reference table's key.
    public enum Kind: String, Sendable, CaseIterable {
        /// The arithmetic ops (ONNX Add, Sub, Mul, Div) and PRelu (`x` where x >= 0, else
        /// `slope · x`; the second operand is the slope), all with numpy broadcasting.
        case add = "Add", sub = "Sub", mul = "Mul", div = "Div", prelu = "PRelu"
        /// a^b, C `powf` (ONNX Pow): integer exponents exact where the result is
        /// representable ((−2)^3 = −8), NaN for a negative base and a non-integer exponent,
        /// a^0 = 1 and 1^b = 1 even for NaN.
        case pow = "Pow"
        /// The smaller / larger operand, NaN where either is NaN (onnxruntime's Min and
        /// Max); for equal operands (−0 and +0) the first.
        case min = "Min", max = "Max"
        /// Comparisons (ONNX Equal, Less, ...): 1 where true, else 0; NaN compares false.
        case equal = "Equal", less = "Less", greater = "Greater", lessOrEqual = "LessOrEqual", greaterOrEqual = "GreaterOrEqual"
        /// Logic on BOOL tensors held as float 0/1 (ONNX And, Or, Xor): an operand is true
        /// where it is not 0 (NaN is true, as a C cast to bool); the result is 0 or 1.
        case and = "And", or = "Or", xor = "Xor"
    }
    /// Which elementwise operation the node applies.
    public let kind: Kind

    /// A binary node; the two inputs' shapes must broadcast (checked when the node is added).
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
        case .pow: broadcastBinary(a, b, y, loops: loops, workers: workers, Power())
        case .min: broadcastBinary(a, b, y, loops: loops, workers: workers, Minimum())
        case .max: broadcastBinary(a, b, y, loops: loops, workers: workers, Maximum())
        case .equal: broadcastBinary(a, b, y, loops: loops, workers: workers, Comparison(rule: .equal))
        case .less: broadcastBinary(a, b, y, loops: loops, workers: workers, Comparison(rule: .less))
        case .greater: broadcastBinary(a, b, y, loops: loops, workers: workers, Comparison(rule: .greater))
        case .lessOrEqual: broadcastBinary(a, b, y, loops: loops, workers: workers, Comparison(rule: .lessOrEqual))
        case .greaterOrEqual: broadcastBinary(a, b, y, loops: loops, workers: workers, Comparison(rule: .greaterOrEqual))
        case .and: broadcastBinary(a, b, y, loops: loops, workers: workers, Logic(rule: .and))
        case .or: broadcastBinary(a, b, y, loops: loops, workers: workers, Logic(rule: .or))
        case .xor: broadcastBinary(a, b, y, loops: loops, workers: workers, Logic(rule: .xor))
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
