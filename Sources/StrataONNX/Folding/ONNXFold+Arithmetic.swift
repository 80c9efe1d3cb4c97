/// Folding of broadcasting binary ops: Add, Sub, Mul, Div, Equal, Less, Greater,
/// LessOrEqual, GreaterOrEqual, And, Or, Mod, and the variadic Sum, Min, Max.
extension ONNXOps {
    /// Add, Sub, Mul, Div (opset 7+), Equal, Less, Greater (7+), LessOrEqual,
    /// GreaterOrEqual (12+), And, Or (7+): `C[i] = A[i] ∘ B[i]` with numpy broadcasting.
    static func foldArithmetic(_ node: ONNXNodeContext, _ kind: ArithmeticKind) throws {
        let a = try node.constant(0, "A"), b = try node.constant(1, "B")
        node.fold(try elementwise(kind, a, b, op: node.opType))
    }

    /// Sum (opset 8+), Min, Max (8+) of one or more inputs, with multidirectional
    /// broadcasting: a left fold of the binary op, `((x0 ∘ x1) ∘ x2) ∘ …`, in input order as
    /// onnxruntime computes it. Min and Max give NaN where any input is NaN (onnxruntime).
    static func foldVariadic(_ node: ONNXNodeContext, _ kind: ArithmeticKind) throws {
        guard node.inputCount >= 1 else { throw NodeIssue("\(node.opType) needs at least one input; the node has none") }
        let inputs = try (0..<node.inputCount).map { try node.constant($0, "input \($0)") }
        let type = try commonType(inputs.enumerated().map { ("input \($0.offset)", $0.element) }, node.opType)
        // The spec's type constraints: Sum takes floating-point types (opsets 8, 13); Min
        // and Max floating-point until opset 12, every numeric type from 12.
        let allowed: ONNXDataType.Family = kind == .add || node.opset < 12 ? .floatingPoint : .numeric
        try require(type, allowed, "inputs", of: "\(node.opType) at opset \(node.opset)")
        var result = inputs[0]
        for next in inputs.dropFirst() { result = try elementwise(kind, result, next, op: node.opType) }
        node.fold(result)
    }

    /// `kind` on `a` and `b` with numpy broadcasting. Integers: Int64 with wrapping, Div
    /// truncating toward zero (C and onnxruntime), then wrapped to the type; a zero divisor
    /// is an error (ONNX leaves it undefined; onnxruntime crashes). Floats: float32, IEEE
    /// (x/0 is ±inf or NaN). Comparisons give BOOL.
    static func elementwise(_ kind: ArithmeticKind, _ a: ONNXConstant, _ b: ONNXConstant, op: String) throws -> ONNXConstant {
        let type = try commonType([("A", a), ("B", b)], op)
        try require(type, kind.operandTypes, "inputs", of: op)
        let walk = try ONNXIndexWalk.broadcast([a.dims, b.dims])
        switch (a.values, b.values) {
        case (.float(let x), .float(let y)):
            if kind.isComparison {
                return ONNXConstant(dims: walk.dims, values: .int(walk.map { kind.compare(x[$0[0]], y[$0[1]]) ? 1 : 0 }), dataType: .bool)
            }
            return ONNXConstant(dims: walk.dims, values: .float(walk.map { type.storing(kind.apply(x[$0[0]], y[$0[1]])) }), dataType: type)
        case (.int(let x), .int(let y)):
            if kind.isComparison {
                let values: [Int64] = walk.map { positions in
                    let (p, q) = (x[positions[0]], y[positions[1]])
                    return (type == .uint64 ? kind.compare(UInt64(bitPattern: p), UInt64(bitPattern: q)) : kind.compare(p, q)) ? 1 : 0
                }
                return ONNXConstant(dims: walk.dims, values: .int(values), dataType: .bool)
            }
            let values = try walk.map { positions in
                type.wrapping(try kind.apply(x[positions[0]], y[positions[1]], type: type, divisor: "B \(b.summary)"))
            }
            return ONNXConstant(dims: walk.dims, values: .int(values), dataType: type)
        default:
            throw NodeIssue("\(op) needs inputs of one data type; got A \(a.summary), B \(b.summary)")
        }
    }

    /// Mod (opsets 10, 13). fmod 0: integer modulo with the divisor's sign,
    /// `a − b·⌊a/b⌋` (Python's `%`; onnxruntime); fmod 1: C's `fmod`, `a − b·trunc(a/b)`
    /// with the dividend's sign, which the spec requires for floating-point inputs (before
    /// opset 28). An integer zero divisor is an error; a float one gives NaN (C, onnxruntime).
    static func foldMod(_ node: ONNXNodeContext) throws {
        let fmod = try node.attributes.int("fmod", default: 0)
        guard fmod == 0 || fmod == 1 else { throw NodeIssue("attribute fmod=\(fmod) is not valid; expected 0 or 1") }
        let a = try node.constant(0, "A"), b = try node.constant(1, "B")
        let type = try commonType([("A", a), ("B", b)], "Mod")
        try require(type, .numeric, "inputs", of: "Mod")
        let walk = try ONNXIndexWalk.broadcast([a.dims, b.dims])
        switch (a.values, b.values) {
        case (.float(let x), .float(let y)):
            guard fmod == 1 else {
                throw NodeIssue("fmod=0 (integer modulo) on \(type) inputs; the spec requires fmod=1 for floating-point types")
            }
            node.fold(ONNXConstant(dims: walk.dims, values: .float(walk.map {
                type.storing(x[$0[0]].truncatingRemainder(dividingBy: y[$0[1]]))
            }), dataType: type))
        case (.int(let x), .int(let y)):
            let values = try walk.map { positions -> Int64 in
                let (p, q) = (x[positions[0]], y[positions[1]])
                guard q != 0 else { throw NodeIssue("integer Mod by zero: B \(b.summary) holds 0; ONNX leaves it undefined") }
                if type == .uint64 { return Int64(bitPattern: UInt64(bitPattern: p) % UInt64(bitPattern: q)) }
                let r = p.remainderReportingOverflow(dividingBy: q).partialValue   // Int64.min % -1 is 0
                // |r| < |q| with opposite signs, so r + q cannot overflow.
                return fmod == 0 && r != 0 && (r < 0) != (q < 0) ? r + q : r
            }
            node.fold(ONNXConstant(dims: walk.dims, values: .int(values), dataType: type))
        default:
            throw NodeIssue("Mod needs inputs of one data type; got A \(a.summary), B \(b.summary)")
        }
    }
}

extension ONNXOps.ArithmeticKind {
    /// The spec's operand types (Strata also takes the narrow integer types before opset
    /// 14 for the arithmetic ops; their results are the same).
    var operandTypes: ONNXDataType.Family {
        switch self {
        case .add, .sub, .mul, .div, .min, .max, .less, .greater, .lessOrEqual, .greaterOrEqual: .numeric
        case .equal: .any
        case .and, .or: .boolean
        }
    }

    var isComparison: Bool { [.equal, .less, .greater, .lessOrEqual, .greaterOrEqual].contains(self) }

    /// The comparison (IEEE for floats: anything compared with NaN is false).
    func compare<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: a == b
        case .less: a < b
        case .greater: a > b
        case .lessOrEqual: a <= b
        case .greaterOrEqual: a >= b
        default: false
        }
    }

    /// The float32 operation; Min and Max propagate NaN (onnxruntime; Swift's
    /// `Float.minimum` would drop it).
    func apply(_ a: Float, _ b: Float) -> Float {
        switch self {
        case .add: a + b
        case .sub: a - b
        case .mul: a * b
        case .div: a / b
        case .min: a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
        case .max: a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        default: .nan   // comparisons and logic never reach here (checked by the callers)
        }
    }

    /// The Int64 operation for values of `type` (UINT64 held as its bit pattern), before
    /// wrapping to `type`. `divisor` names B for the division-by-zero error.
    func apply(_ a: Int64, _ b: Int64, type: ONNXDataType, divisor: @autoclosure () -> String) throws -> Int64 {
        let unsigned = type == .uint64
        switch self {
        case .add: return a &+ b
        case .sub: return a &- b
        case .mul: return a &* b
        case .div:
            guard b != 0 else {
                throw NodeIssue("integer division by zero: \(divisor()) holds 0; ONNX leaves it undefined")
            }
            if unsigned { return Int64(bitPattern: UInt64(bitPattern: a) / UInt64(bitPattern: b)) }
            return a.dividedReportingOverflow(by: b).partialValue   // Int64.min / -1 wraps to Int64.min
        case .min: return (unsigned ? UInt64(bitPattern: a) <= UInt64(bitPattern: b) : a <= b) ? a : b
        case .max: return (unsigned ? UInt64(bitPattern: a) >= UInt64(bitPattern: b) : a >= b) ? a : b
        case .and: return a != 0 && b != 0 ? 1 : 0
        case .or: return a != 0 || b != 0 ? 1 : 0
        case .equal, .less, .greater, .lessOrEqual, .greaterOrEqual: return compare(a, b) ? 1 : 0
        }
    }
}
