import Strata

extension ONNXOps {
    /// Elementwise and activation ops added after the core: unary math, variadic Min/Max/Mean,
    /// comparisons, logic, Where, Cast at run time (converters in `ONNXOps+UnaryMath.swift`,
    /// `ONNXOps+Logic.swift`, `ONNXOps+Cast.swift`, `ONNXOps+LogSoftmax.swift`). BOOL and
    /// integer tensors computed at run time are held as float32 (0/1 for BOOL); every op
    /// here also folds on constants with the exact integer and BOOL types.
    static let elementwiseForms: [String: [Form]] = [
        // Unary math: one form each (later versions only added types).
        "Sqrt": [Form(since: 6, convert: { try activation($0, .sqrt) }, fold: { try foldUnary($0, .sqrt) }, "IEEE: NaN below 0")],
        "Exp": [unaryForm(since: 6, .exp, "+0 below −103.97, +∞ above 88.72; subnormal results kept")],
        "Log": [unaryForm(since: 6, .log, "−∞ at 0, NaN below 0")],
        "Abs": [Form(since: 6, convert: { try activation($0, .abs) }, fold: { try foldUnary($0, .abs) }, "")],
        "Neg": [Form(since: 6, convert: { try activation($0, .neg) }, fold: { try foldUnary($0, .neg) }, "")],
        "Reciprocal": [unaryForm(since: 6, .reciprocal, "±∞ at ±0")],
        "Floor": [Form(since: 6, convert: { try activation($0, .floor) }, fold: { try foldUnary($0, .floor) }, "")],
        "Ceil": [Form(since: 6, convert: { try activation($0, .ceil) }, fold: { try foldUnary($0, .ceil) }, "")],
        "Round": [unaryForm(since: 11, .round, "halves to even")],
        "Sign": [Form(since: 9, convert: { try activation($0, .sign) }, fold: foldSign, "")],
        // Activations.
        "Elu": [unaryForm(since: 6, eluActivation, "alpha")],
        "Selu": [unaryForm(since: 6, seluActivation, "alpha, gamma")],
        "Celu": [unaryForm(since: 12, celuActivation, "alpha (non-zero)")],
        "Softplus": [unaryForm(since: 1, .softplus)],
        "Mish": [unaryForm(since: 18, .mish, "−0 at −∞")],
        "ThresholdedRelu": [unaryForm(since: 10, thresholdedReluActivation, "alpha; NaN gives 0")],
        "Shrink": [unaryForm(since: 9, shrinkActivation, "bias, lambd; NaN gives 0")],
        "LogSoftmax": [
            Form(since: 1, convert: { try softmaxLike($0) { LogSoftmaxOp(axis: $0) } }, "coerces the input to 2-D at axis (default 1)"),
            Form(since: 11, convert: { try softmaxLike($0) { LogSoftmaxOp(axis: $0) } }, "negative axis"),
            Form(since: 13, convert: { try softmaxLike($0) { LogSoftmaxOp(axis: $0) } }, "axis (default -1); −∞ limits, stable for huge logits"),
        ],
        "Hardmax": [
            Form(since: 1, convert: { try softmaxLike($0) { HardmaxOp(axis: $0) } }, "coerces the input to 2-D at axis (default 1)"),
            Form(since: 11, convert: { try softmaxLike($0) { HardmaxOp(axis: $0) } }, "negative axis"),
            Form(since: 13, convert: { try softmaxLike($0) { HardmaxOp(axis: $0) } }, "axis (default -1); the first maximum (NaN counts as the maximum)"),
        ],
        // Binary and variadic, numpy broadcasting.
        "Pow": [
            Form(since: 7, convert: { try binary($0, .pow) }, fold: foldPow, "numpy broadcasting; C powf (integer exponents exact)"),
            Form(since: 12, convert: { try binary($0, .pow) }, fold: foldPow, "exponent of another numeric type"),
        ],
        "Min": [
            Form(since: 6, convert: { try variadic($0, .min) }, fold: { try foldVariadic($0, .min) }, "variadic, inputs of one shape; NaN propagates"),
            Form(since: 8, convert: { try variadic($0, .min) }, fold: { try foldVariadic($0, .min) }, "numpy broadcasting; integers from opset 12"),
        ],
        "Max": [
            Form(since: 6, convert: { try variadic($0, .max) }, fold: { try foldVariadic($0, .max) }, "variadic, inputs of one shape; NaN propagates"),
            Form(since: 8, convert: { try variadic($0, .max) }, fold: { try foldVariadic($0, .max) }, "numpy broadcasting; integers from opset 12"),
        ],
        "Mean": [
            Form(since: 6, convert: { try variadic($0, .add, mean: true) }, fold: foldMean, "variadic, inputs of one shape"),
            Form(since: 8, convert: { try variadic($0, .add, mean: true) }, fold: foldMean, "numpy broadcasting"),
        ],
        // Comparisons and logic: BOOL results, held as float 0/1 at run time.
        "Equal": [Form(since: 7, convert: { try binary($0, .equal) }, fold: { try foldArithmetic($0, .equal) }, "BOOL as float 0/1 at run time")],
        "Less": [Form(since: 7, convert: { try binary($0, .less) }, fold: { try foldArithmetic($0, .less) }, "BOOL as float 0/1 at run time")],
        "Greater": [Form(since: 7, convert: { try binary($0, .greater) }, fold: { try foldArithmetic($0, .greater) }, "BOOL as float 0/1 at run time")],
        "LessOrEqual": [Form(since: 12, convert: { try binary($0, .lessOrEqual) }, fold: { try foldArithmetic($0, .lessOrEqual) }, "BOOL as float 0/1 at run time")],
        "GreaterOrEqual": [Form(since: 12, convert: { try binary($0, .greaterOrEqual) }, fold: { try foldArithmetic($0, .greaterOrEqual) }, "BOOL as float 0/1 at run time")],
        "Not": [Form(since: 1, convert: { try activation($0, .logicalNot) }, fold: { try foldUnary($0, .not) }, "")],
        "And": [Form(since: 7, convert: { try binary($0, .and) }, fold: { try foldArithmetic($0, .and) }, "numpy broadcasting")],
        "Or": [Form(since: 7, convert: { try binary($0, .or) }, fold: { try foldArithmetic($0, .or) }, "numpy broadcasting")],
        "Xor": [Form(since: 7, convert: { try binary($0, .xor) }, fold: foldXor, "numpy broadcasting")],
        "Where": [Form(since: 9, convert: whereSelect, fold: foldWhere, "condition, X, Y broadcast")],
        // Casts.
        "Cast": [Form(since: 6, convert: cast, fold: foldCast,
                      "FLOAT, DOUBLE, FLOAT16, BFLOAT16 (13+), integer and BOOL targets (at run time held as float32: integers truncate, out of range as onnxruntime); saturate ignored (float 8 only)")],
        "CastLike": [
            Form(since: 15, convert: castLike, fold: foldCastLike, "the target's type: a constant's, or a run-time tensor's recorded or produced type (else FLOAT)"),
            Form(since: 19, convert: castLike, fold: foldCastLike, "saturate ignored (float 8 only)"),
        ],
    ]
}
