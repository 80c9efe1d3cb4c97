import Strata

/// Constant folding: ops evaluated at import on ``ONNXConstant`` values (any rank, float32
/// or Int64), so shape arithmetic and weight computations never run per element. Each
/// function reads its node's constant inputs and attributes through the context and
/// records the result with `node.fold(_:)`. The families:
///
/// - `ONNXFold+Arithmetic.swift`: Add, Sub, Mul, Div, comparisons, And, Or, Sum, Min, Max, Mod
/// - `ONNXFold+Unary.swift`: Neg, Abs, Floor, Ceil, Sqrt, Not, Cast
/// - `ONNXFold+Reduce.swift`: ReduceSum, ReduceProd, MatMul
/// - `ONNXFold+Shape.swift`: Range, ConstantOfShape, Expand, Tile, Where
/// - `ONNXFold+Movement.swift`, `ONNXFold+Slice.swift`: Gather, Concat, Transpose, Slice
///
/// Integers are computed in Int64 with wrapping (`&+`, `&-`, `&*`) and then wrapped to
/// their type (``ONNXDataType/wrapping(_:)``), as C and onnxruntime do; floats in float32
/// (rounded to FLOAT16/BFLOAT16 when that is the type). A model's bad numbers (integer
/// division by zero, a NaN cast to an integer, a huge shape) end in a ``NodeIssue``.
extension ONNXOps {
    enum ArithmeticKind: Sendable { case add, sub, mul, div, equal, less, greater, lessOrEqual, greaterOrEqual, and, or, min, max }
    enum UnaryKind: Sendable { case neg, abs, floor, ceil, sqrt, not }
    enum FoldedReduction: Sendable { case sum, prod }

    /// The most elements one fold may produce. Folds run at import (and again for every
    /// new input shape), so a hostile or mistaken model must not make Strata allocate
    /// gigabytes: 2^27 elements is 512 MiB of float32 or 1 GiB of Int64.
    static let maximumFoldedElements = 1 << 27

    /// The element count of `dims` for a fold's output named `what`. Throws for a
    /// negative size, or when the product of the nonzero sizes exceeds
    /// ``maximumFoldedElements`` (so no product of these dims can overflow later, even for
    /// an empty tensor such as `[0, 2^62, 2^62]`).
    static func foldedCount(_ dims: [Int], _ what: String) throws -> Int {
        if let bad = dims.first(where: { $0 < 0 }) {
            throw NodeIssue("the folded \(what) would have dims \(dims), with the negative size \(bad); expected sizes >= 0")
        }
        var product = 1
        for size in dims where size > 0 {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow, next <= maximumFoldedElements else {
                throw NodeIssue("the folded \(what) would have dims \(dims), more than \(maximumFoldedElements) (2^27) "
                    + "elements; Strata folds at most that many at import")
            }
            product = next
        }
        return dims.contains(0) ? 0 : product
    }

    /// The common data type of the operands (ONNX requires one type `T` for them);
    /// throws naming each operand's type when they differ.
    static func commonType(_ operands: [(name: String, value: ONNXConstant)], _ op: String) throws -> ONNXDataType {
        let type = operands[0].value.dataType
        guard operands.allSatisfy({ $0.value.dataType == type }) else {
            throw NodeIssue("\(op) needs inputs of one data type; got "
                + operands.map { "\($0.name) \($0.value.summary)" }.joined(separator: ", "))
        }
        return type
    }

    /// Throws unless `type` (of the operand `what`) is one of `allowed` for `op`.
    static func require(_ type: ONNXDataType, _ allowed: ONNXDataType.Family, _ what: String, of op: String) throws {
        guard allowed.contains(type) else {
            throw NodeIssue("\(op) takes \(allowed.name) \(what); got \(type)")
        }
    }

    /// An index-like operand (axes, starts, repeats, a shape) as Int: it must have an
    /// integer type. (Int is Int64 on the 64-bit platforms Strata runs on, so nothing is
    /// lost; a UINT64 above INT64_MAX reads as negative and is refused by the callers.)
    static func indexValues(_ value: ONNXConstant, _ what: String) throws -> [Int] {
        guard case .int(let values) = value.values, value.dataType != .bool else {
            throw NodeIssue("\(what) must be an integer tensor (INT32 or INT64); got \(value.summary)")
        }
        return values.map { Int(truncatingIfNeeded: $0) }
    }
}

extension ONNXConstant {
    /// The values for a message: "[1, 2, 3]", a scalar as "7", at most 8 shown.
    var valueText: String {
        let shown: [String] = switch values {
        case .float(let v): v.prefix(8).map { "\($0)" }
        case .int(let v): v.prefix(8).map { "\($0)" }
        }
        if dims.isEmpty, let only = shown.first { return only }
        return "[" + shown.joined(separator: ", ") + (elementCount > 8 ? ", ...]" : "]")
    }
}

extension ONNXDataType {
    /// A set of data types an op accepts, with a name for messages.
    enum Family {
        case numeric, floatingPoint, signedNumeric, boolean, any

        var name: String {
            switch self {
            case .numeric: "numeric (integer or floating-point)"
            case .floatingPoint: "floating-point"
            case .signedNumeric: "signed numeric (floating-point or INT8...INT64)"
            case .boolean: "BOOL"
            case .any: "numeric or BOOL"
            }
        }

        func contains(_ type: ONNXDataType) -> Bool {
            switch self {
            case .numeric: type.isNumeric
            case .floatingPoint: type.isFloatingPoint
            case .signedNumeric: type.isNumeric && !type.isUnsigned
            case .boolean: type == .bool
            case .any: type.isSupported
            }
        }
    }

    /// The integer and floating-point types (not BOOL).
    var isNumeric: Bool { isSupported && self != .bool }
    /// UINT8...UINT64 and BOOL: compared and divided as unsigned.
    var isUnsigned: Bool { [2, 4, 9, 12, 13].contains(rawValue) }

    /// A float32 result stored as this type: FLOAT16 rounds through Swift's `Float16`,
    /// BFLOAT16 to nearest even (both as onnxruntime's conversions do); FLOAT and DOUBLE
    /// keep the float32 value (DOUBLE constants are held as float32 at import).
    func storing(_ value: Float) -> Float {
        switch self {
        case .float16: Float(Float16(value))
        case .bfloat16: Self.bfloat16(value)
        default: value
        }
    }

    /// float32 rounded to bfloat16 (the top 16 bits) to nearest, ties to even.
    static func bfloat16(_ value: Float) -> Float {
        guard !value.isNaN else { return value }
        let bits = value.bitPattern
        let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000
        return Float(bitPattern: rounded)
    }
}
