import Strata

/// The op table: each ONNX op type maps to its forms by opset, following the operator
/// spec's version history (onnx/docs/Changelog.md), so each version's semantics is one
/// entry. Adding an op is a converter function in an `ONNXOps+*.swift` file and one entry
/// here.
enum ONNXOps {
    /// One form of an op, from opset `since` until the next form of the same op.
    struct Form: Sendable {
        /// The first opset of this form.
        let since: Int
        /// Builds Strata nodes for the node; nil when the op only folds.
        let convert: (@Sendable (ONNXNodeContext) throws -> Void)?
        /// Computes the node's outputs at import when every input is a constant; nil when
        /// the op never folds.
        let fold: (@Sendable (ONNXNodeContext) throws -> Void)?
        /// Attributes and limits, for the support table in Docs/ONNX.md.
        let notes: String

        init(since: Int, convert: (@Sendable (ONNXNodeContext) throws -> Void)? = nil,
             fold: (@Sendable (ONNXNodeContext) throws -> Void)? = nil, _ notes: String) {
            (self.since, self.convert, self.fold, self.notes) = (since, convert, fold, notes)
        }
    }

    /// Opsets a model may declare. Above 22 a model imports when none of its ops changed
    /// after opset 22 in the spec (``ONNXSpecHistory``).
    static let opsets = 7...22
    static let newestVerifiedOpset = 22

    /// The form of `opType` at `opset`, or nil (with the reason) when Strata has none or the
    /// node has more inputs (`inputCount`, empty names included) than the spec's version
    /// allows (onnxruntime refuses those models too).
    static func form(_ opType: String, opset: Int, inputCount: Int = 0) -> Result<Form, NodeIssue> {
        guard let forms = table[opType] else { return .failure(NodeIssue("op type '\(opType)' is not supported")) }
        guard let form = forms.last(where: { $0.since <= opset }) else {
            return .failure(NodeIssue("\(opType) needs opset \(forms[0].since) or later; the model imports opset \(opset)"))
        }
        if opset > newestVerifiedOpset, let spec = ONNXSpecHistory.version(of: opType, at: opset),
           spec > newestVerifiedOpset {
            return .failure(NodeIssue(
                "\(opType) changed in opset \(spec) (the model imports opset \(opset)); Strata implements it through opset \(newestVerifiedOpset)"))
        }
        if let most = ONNXSpecHistory.maxInputs(of: opType, at: opset), inputCount > most {
            // A later version that takes them, so the message says why they are refused here.
            let later = ONNXSpecHistory.maxInputs[opType]?.filter { $0.key > opset && $0.value >= inputCount }.keys.min()
            return .failure(NodeIssue("\(inputCount) inputs; \(opType) takes at most \(most) at opset \(opset)"
                + (later.map { " (\(inputCount) from opset \($0); the model imports opset \(opset))" } ?? "")))
        }
        return .success(form)
    }

    /// The two forms of a reduction whose axes became an input in opset 18.
    static func reduceForms(_ kind: ReduceKind) -> [Form] {
        [Form(since: 1, convert: { try reduce($0, kind, axesInputSince: 18) }, "axes attribute, keepdims; any rank; empty sets give the identity"),
         Form(since: 18, convert: { try reduce($0, kind, axesInputSince: 18) }, "axes input (constant), noop_with_empty_axes")]
    }

    /// Every op: the core table below and each family's table (`ONNXOpTable+<Family>.swift`),
    /// so a family adds ops without touching this file.
    static let table: [String: [Form]] = [coreForms, elementwiseForms, resamplingForms, windowForms, movementForms,
                                          normalizationForms, recurrentForms]
        .reduce(into: [:]) { merged, family in merged.merge(family) { _, _ in preconditionFailure("an op in two family tables") } }

    static let coreForms: [String: [Form]] = [
        // Convolution and pooling (ONNXOps+Window.swift)
        "Conv": [Form(since: 1, convert: conv, "1-D and 2-D; kernel_shape, strides, dilations, pads, group (depthwise too), auto_pad; constant weight and bias")],
        "AveragePool": [
            Form(since: 1, convert: { try pool($0, .average) }, "1-D and 2-D; kernel_shape, strides, pads, auto_pad"),
            Form(since: 7, convert: { try pool($0, .average) }, "count_include_pad"),
            Form(since: 10, convert: { try pool($0, .average) }, "ceil_mode"),
            Form(since: 19, convert: { try pool($0, .average) }, "dilations (with count_include_pad and ceil_mode)"),
        ],
        "GlobalAveragePool": [Form(since: 1, convert: { try globalPool($0, .average) }, "[N, C, H, W] and [N, C, L]")],
        "GlobalMaxPool": [Form(since: 1, convert: { try globalPool($0, .max) }, "[N, C, H, W] and [N, C, L]")],
        "Pad": [
            Form(since: 2, convert: pad, "pads and value attributes; modes constant, reflect, edge; any axes of rank 1-8; negative pads crop"),
            Form(since: 11, convert: pad, "pads and constant_value inputs (constant)"),
            Form(since: 18, convert: pad, "axes input"),
            Form(since: 19, convert: pad, "mode wrap"),
        ],
        // Dense and normalization (ONNXOps+Dense.swift)
        "BatchNormalization": [
            Form(since: 7, convert: batchNorm, "spatial 1 (or per-channel parameters); inference only; folded into a preceding conv"),
            Form(since: 9, convert: batchNorm, "inference only; folded into a preceding conv"),
            Form(since: 14, convert: batchNorm, "training_mode 0 only"),
        ],
        "Flatten": [Form(since: 1, convert: flatten, fold: flatten, "any axis (negative from opset 11); constants fold")],
        "Softmax": [
            Form(since: 1, convert: softmax, "coerces the input to 2-D at axis (default 1), for every axis"),
            Form(since: 13, convert: softmax, "axis (default -1)"),
        ],
        // Activations and arithmetic (ONNXOps+Elementwise.swift; unary math, Min, Max,
        // comparisons, logic, Where and Cast are in ONNXOpTable+Elementwise.swift)
        "Relu": [Form(since: 6, convert: { try activation($0, .relu) }, "")],
        "Sigmoid": [Form(since: 6, convert: { try activation($0, .sigmoid) }, "")],
        "Tanh": [Form(since: 6, convert: { try activation($0, .tanh) }, "")],
        "LeakyRelu": [Form(since: 6, convert: leakyRelu, "alpha")],
        "HardSigmoid": [Form(since: 6, convert: hardSigmoid, "alpha, beta")],
        "HardSwish": [Form(since: 14, convert: { try activation($0, .hardSwish) }, "")],
        "Gelu": [Form(since: 20, convert: gelu, "approximate none or tanh")],
        "Erf": [Form(since: 9, convert: { try activation($0, .erf) }, "")],
        "Softsign": [Form(since: 1, convert: { try activation($0, .softsign) }, "")],
        "Clip": [
            Form(since: 6, convert: clip, "min and max attributes"),
            Form(since: 11, convert: clip, "min and max as optional constant inputs; min > max gives max everywhere (min(max(x, min), max)); NaN stays NaN"),
        ],
        "Add": [Form(since: 7, convert: { try binary($0, .add) }, fold: { try foldArithmetic($0, .add) }, "numpy broadcasting; constants fold")],
        "Sub": [Form(since: 7, convert: { try binary($0, .sub) }, fold: { try foldArithmetic($0, .sub) }, "numpy broadcasting; constants fold")],
        "Mul": [Form(since: 7, convert: { try binary($0, .mul) }, fold: { try foldArithmetic($0, .mul) }, "numpy broadcasting; constants fold")],
        "Div": [Form(since: 7, convert: divide, fold: { try foldArithmetic($0, .div) }, "numpy broadcasting; integer division truncates toward zero (at run time too); constants fold")],
        "PRelu": [Form(since: 7, convert: prelu, "slope broadcasts to the input")],
        "Sum": [
            Form(since: 6, convert: sum, fold: { try foldVariadic($0, .add) }, "variadic, inputs of one shape; constants fold"),
            Form(since: 8, convert: sum, fold: { try foldVariadic($0, .add) }, "numpy broadcasting"),
        ],
        "Concat": [Form(since: 4, convert: concat, fold: foldConcat, "any rank; constants fold")],
        // Data movement and shape arithmetic (ONNXOps+Shape.swift)
        "Identity": [Form(since: 1, convert: identity, fold: identity, "aliases its input")],
        "Dropout": [
            Form(since: 7, convert: dropout, fold: dropout, "inference: identity; ratio attribute; mask output all true"),
            Form(since: 12, convert: dropout, fold: dropout, "ratio and training_mode inputs (training_mode false)"),
        ],
        "Reshape": [
            Form(since: 5, convert: reshape, fold: reshape, "constant shape (0 copies, -1 infers); constants fold"),
            Form(since: 14, convert: reshape, fold: reshape, "allowzero"),
        ],
        "Squeeze": [
            Form(since: 1, convert: squeeze, fold: squeeze, "axes attribute"),
            Form(since: 13, convert: squeeze, fold: squeeze, "axes input (constant)"),
        ],
        "Unsqueeze": [
            Form(since: 1, convert: unsqueeze, fold: unsqueeze, "axes attribute"),
            Form(since: 13, convert: unsqueeze, fold: unsqueeze, "axes input (constant)"),
        ],
        "Transpose": [Form(since: 1, convert: transpose, fold: foldTranspose, "any permutation up to rank 8; constants fold")],
        "Constant": [Form(since: 1, fold: constant, "value, value_float(s), value_int(s)")],
        "Shape": [
            Form(since: 1, convert: shape, fold: shape, "folded from the planned shape"),
            Form(since: 15, convert: shape, fold: shape, "start, end"),
        ],
        "Size": [Form(since: 1, convert: size, fold: size, "folded from the planned shape")],
        "Range": [Form(since: 11, fold: foldRange, "constants only; delta accumulated as onnxruntime does")],
        "ConstantOfShape": [Form(since: 9, fold: foldConstantOfShape, "constants only")],
        "Mod": [Form(since: 10, fold: foldMod, "constants only; fmod 0 (integers, divisor's sign) and 1 (C fmod)")],
        "ReduceSum": [
            Form(since: 1, convert: { try reduce($0, .sum, axesInputSince: 13) }, fold: { try foldReduce($0, .sum) }, "axes attribute, keepdims; constants fold"),
            Form(since: 13, convert: { try reduce($0, .sum, axesInputSince: 13) }, fold: { try foldReduce($0, .sum) }, "axes input (constant), noop_with_empty_axes"),
        ],
        "ReduceProd": [
            Form(since: 1, convert: { try reduce($0, .prod, axesInputSince: 18) }, fold: { try foldReduce($0, .prod) }, "axes attribute, keepdims; constants fold"),
            Form(since: 18, convert: { try reduce($0, .prod, axesInputSince: 18) }, fold: { try foldReduce($0, .prod) }, "axes input (constant), noop_with_empty_axes"),
        ],
        "ReduceMean": reduceForms(.mean),
        "ReduceMax": reduceForms(.max),
        "ReduceMin": reduceForms(.min),
        "ReduceL1": reduceForms(.l1),
        "ReduceL2": reduceForms(.l2),
        "ReduceLogSum": reduceForms(.logSum),
        "ReduceLogSumExp": reduceForms(.logSumExp),
        "ReduceSumSquare": reduceForms(.sumSquare),
        "DequantizeLinear": [
            Form(since: 10, fold: dequantizeLinear, "constant INT8/UINT8 weights, per tensor"),
            Form(since: 13, fold: dequantizeLinear, "per axis"),
        ],
    ]
}
