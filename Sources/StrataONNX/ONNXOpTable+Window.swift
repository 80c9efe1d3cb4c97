import Strata

extension ONNXOps {
    /// ConvTranspose, LpPool, GlobalLpPool, MaxPool (with its Indices output), and MatMul and
    /// Gemm on operands computed at run time (ONNXOps+ConvTranspose.swift, +LpPool,
    /// +MaxPoolIndices, +MatMul).
    static let windowForms: [String: [Form]] = [
        "ConvTranspose": [
            Form(since: 1, convert: convTranspose, "1-D and 2-D; kernel_shape, strides, dilations, pads, auto_pad, output_padding, output_shape (spatial sizes; pads then ignored), group (depthwise too); constant weight and bias; padding resolved as onnxruntime does"),
            Form(since: 11, convert: convTranspose, "the same (the text clarified output_shape and SAME_* padding)"),
        ],
        "LpPool": [
            Form(since: 1, convert: lpPool, "1-D and 2-D; p (float), kernel_shape, strides, pads, auto_pad; padding adds 0"),
            Form(since: 2, convert: lpPool, "p (int)"),
            Form(since: 11, convert: lpPool, "the same"),
            Form(since: 18, convert: lpPool, "ceil_mode, dilations"),
        ],
        "GlobalLpPool": [
            Form(since: 1, convert: globalLpPool, "[N, C, H, W] and [N, C, L]; p (float)"),
            Form(since: 2, convert: globalLpPool, "p (int)"),
        ],
        "MaxPool": [
            Form(since: 1, convert: maxPool, "1-D and 2-D; kernel_shape, strides, pads, auto_pad"),
            Form(since: 8, convert: maxPool, "storage_order 0 and 1; the Indices output (float32, inputs up to 2^24 elements)"),
            Form(since: 10, convert: maxPool, "dilations, ceil_mode"),
        ],
        "Gemm": [
            Form(since: 7, convert: gemmGeneral, "transA, transB, alpha, beta; C any shape that broadcasts to [M, N]; A, B and C computed or constant"),
            Form(since: 11, convert: gemmGeneral, "C optional"),
        ],
        "MatMul": [Form(since: 1, convert: matMulGeneral, fold: foldMatMul, "numpy matmul: any ranks >= 1 (1-D promoted), leading axes broadcast, both operands computed at run time; constants fold")],
    ]
}
