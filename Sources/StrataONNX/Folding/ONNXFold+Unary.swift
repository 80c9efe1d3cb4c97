/// Folding of element-by-element ops of one input: Neg, Abs, Floor, Ceil, Sqrt, Not, Cast.
extension ONNXOps {
    /// Neg, Abs (opset 6+; signed types for Neg), Floor, Ceil, Sqrt (6+, floating-point;
    /// Sqrt of a negative is NaN), Not (1+, BOOL). Integer Neg and Abs wrap (`-INT_MIN` is
    /// `INT_MIN`, as C and onnxruntime give).
    static func foldUnary(_ node: ONNXNodeContext, _ kind: UnaryKind) throws {
        let x = try node.constant(0, "X")
        let type = x.dataType
        try require(type, kind.operandTypes, "input", of: node.opType)
        switch x.values {
        case .float(let v): node.fold(ONNXConstant(dims: x.dims, values: .float(v.map { type.storing(kind.apply($0)) }), dataType: type))
        case .int(let v): node.fold(ONNXConstant(dims: x.dims, values: .int(v.map { type.wrapping(kind.apply($0, type: type)) }), dataType: type))
        }
    }

    /// Cast (opsets 6, 9, 13, 19, 21) to `to`, an ONNX `TensorProto.DataType` number:
    /// - to a floating-point type: the value rounded to it (FLOAT16 through `Float16`,
    ///   BFLOAT16 to nearest even, as onnxruntime; DOUBLE is held as float32);
    /// - float to an integer type: truncated toward zero; NaN, ±inf and values outside the
    ///   target's range are an error (C leaves them undefined, onnxruntime's result depends
    ///   on the CPU);
    /// - integer to integer: wrapped to the target (a C cast: 300 → INT8 is 44);
    /// - to BOOL: `x != 0` (NaN is true, as in C).
    /// STRING, complex and the 8- and 4-bit float and integer types are not supported.
    /// `saturate` (opset 19) only concerns float 8 targets and is ignored.
    static func foldCast(_ node: ONNXNodeContext) throws {
        let target = try castTarget(node)
        node.fold(try castConstant(node.constant(0, "input"), to: target, opset: node.opset))
    }

    /// Cast's `to` attribute as a supported data type (and `saturate` read from opset 19).
    static func castTarget(_ node: ONNXNodeContext) throws -> ONNXDataType {
        guard let to = try node.attributes.int("to") else { throw NodeIssue("attribute to is missing") }
        if node.opset >= 19 { _ = try node.attributes.int("saturate") }
        let target = ONNXDataType(Int32(truncatingIfNeeded: to))
        guard Int64(target.rawValue) == to, target.isSupported else {
            throw NodeIssue("Cast to data type \(to) (\(ONNXDataType(Int32(truncatingIfNeeded: to)))) is not supported; "
                + "Strata casts to FLOAT, DOUBLE, FLOAT16, BFLOAT16, the 8- to 64-bit integer types and BOOL")
        }
        return target
    }

    /// `x` cast to `target` by the rules of ``foldCast(_:)`` (Cast and CastLike).
    static func castConstant(_ x: ONNXConstant, to target: ONNXDataType, opset: Int) throws -> ONNXConstant {
        if opset < 13, target == .bfloat16 || x.dataType == .bfloat16 {
            throw NodeIssue("Cast between \(x.dataType) and \(target) needs opset 13 (BFLOAT16); the model imports opset \(opset)")
        }
        let values: ONNXConstant.Values
        switch x.values {
        case .float(let v) where target.isFloatingPoint: values = .float(v.map(target.storing))
        case .float(let v) where target == .bool: values = .int(v.map { $0 != 0 ? 1 : 0 })
        case .float(let v): values = .int(try v.map { try castToInteger($0, target, source: x.summary) })
        case .int(let v) where target.isFloatingPoint:
            let unsigned = x.dataType == .uint64
            values = .float(v.map { target.storing(unsigned ? Float(UInt64(bitPattern: $0)) : Float($0)) })
        case .int(let v): values = .int(v.map(target.wrapping))
        }
        return ONNXConstant(dims: x.dims, values: values, dataType: target)
    }

    /// `value` truncated toward zero as an integer of `target` (UINT64 as its bit pattern).
    static func castToInteger(_ value: Float, _ target: ONNXDataType, source: String) throws -> Int64 {
        let whole = value.rounded(.towardZero)
        if target == .uint64 {
            if let result = UInt64(exactly: whole) { return Int64(bitPattern: result) }
        } else if let result = Int64(exactly: whole), target.wrapping(result) == result {
            return result
        }
        throw NodeIssue("cannot cast \(value) (in \(source)) to \(target): NaN, infinite and out-of-range values "
            + "have no integer value (C leaves the cast undefined; onnxruntime's result depends on the CPU)")
    }
}

extension ONNXOps.UnaryKind {
    var operandTypes: ONNXDataType.Family {
        switch self {
        case .neg: .signedNumeric
        case .abs: .numeric
        case .floor, .ceil, .sqrt: .floatingPoint
        case .not: .boolean
        }
    }

    func apply(_ x: Float) -> Float {
        switch self {
        case .neg: -x
        case .abs: x.magnitude
        case .floor: x.rounded(.down)
        case .ceil: x.rounded(.up)
        case .sqrt: x.squareRoot()
        case .not: .nan   // BOOL is never held as float
        }
    }

    /// Before wrapping to `type`; unsigned values (UINT64 as its bit pattern) are their
    /// own absolute value.
    func apply(_ x: Int64, type: ONNXDataType) -> Int64 {
        switch self {
        case .neg: 0 &- x
        case .abs: !type.isUnsigned && x < 0 ? 0 &- x : x
        case .not: x == 0 ? 1 : 0
        case .floor, .ceil, .sqrt: x   // floating-point only (checked by the caller)
        }
    }
}
