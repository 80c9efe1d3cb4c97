/// Which tensors of a graph hold integers. Strata computes in float32, but some tensors
/// are integers by meaning (ArgMax's indices, a folded Shape, those moved by Gather or
/// Reshape): ONNX types them INT64, and `strata run` writes them as int64 `.npy` so a
/// consumer gets what onnxruntime gives. Float32 holds them exactly up to 2^24.
///
/// An op says whether its output is integer-valued given which of its inputs are; ops that
/// do not conform produce floats. The conformances of the existing data-movement ops are
/// below: they only move values, so their output is integer when their data input is.
public protocol IntegerValuedOp: GraphOp {
    /// Whether every output element is a whole number when exactly the inputs flagged
    /// `true` (in the op's input order) hold whole numbers.
    func outputIsInteger(inputs: [Bool]) -> Bool
}

extension Graph {
    /// For every node (by index), whether its output holds integers (see
    /// ``IntegerValuedOp``); graph inputs are float.
    public var integerValuedNodes: [Bool] {
        var result = [Bool](repeating: false, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            guard let op = node.op as? any IntegerValuedOp else { continue }
            result[index] = op.outputIsInteger(inputs: node.inputs.map { result[$0] })
        }
        return result
    }
}

extension ConstantOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { integerValues != nil }
}

extension IdentityOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}

extension FlattenOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}

extension DropoutOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}

extension TransposeOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}

extension ConcatOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs.allSatisfy { $0 } }
}

extension ActivationOp: IntegerValuedOp {
    /// A cast to an integer format (not BOOL, which stays a 0/1 mask) makes whole numbers;
    /// Neg, Abs, Floor, Ceil, Round, Sign and ReLU keep them.
    public func outputIsInteger(inputs: [Bool]) -> Bool {
        switch activation {
        case .cast(let format): format != .float16 && format != .bfloat16 && format != .bool
        case .neg, .abs, .floor, .ceil, .round, .sign, .relu: inputs[0]
        default: false
        }
    }
}

extension BinaryOp: IntegerValuedOp {
    /// Sums, differences, products, minima and maxima of whole numbers are whole.
    public func outputIsInteger(inputs: [Bool]) -> Bool {
        switch kind {
        case .add, .sub, .mul, .min, .max: inputs.allSatisfy { $0 }
        default: false
        }
    }
}
