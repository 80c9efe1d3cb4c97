"""Conformance cases of the window family: ConvTranspose, LpPool, GlobalLpPool, MaxPool's
Indices output, MatMul and Gemm with operands computed at run time. Loaded by
Scripts/make-onnx-cases (`Scripts/make-onnx-cases convtranspose_basic ...`)."""


def register(case, conv):
    def convtranspose(c, x, cin, cout, k, group=1, bias=True, **attributes):
        """`k`: an int (square), a tuple of kernel sizes, or a 1-tuple for 1-D."""
        kernel = (k, k) if isinstance(k, int) else k
        inputs = [x, c.weight(cin, cout // group, *kernel)] + ([c.weight(cout)] if bias else [])
        return c.op("ConvTranspose", inputs, group=group, **attributes)

    @case("convtranspose_basic", {"x": [2, 3, 5, 4]})
    def _(c): return convtranspose(c, "x", 3, 4, 3, strides=[2, 2], pads=[1, 0, 0, 1])

    @case("convtranspose_groups_dilated_output_padding", {"x": [1, 4, 4, 5]})
    def _(c): return convtranspose(c, "x", 4, 6, (3, 2), group=2, strides=[3, 2], dilations=[2, 3], output_padding=[2, 1],
                                   pads=[1, 2, 0, 1])

    @case("convtranspose_same_upper", {"x": [1, 2, 5, 6]})
    def _(c): return convtranspose(c, "x", 2, 3, 3, strides=[2, 2], auto_pad="SAME_UPPER", output_padding=[1, 0])

    @case("convtranspose_same_lower_opset9", {"x": [1, 2, 5, 6]}, opset=9)
    def _(c): return convtranspose(c, "x", 2, 3, (4, 3), bias=False, strides=[2, 3], auto_pad="SAME_LOWER")

    @case("convtranspose_output_shape", {"x": [1, 2, 3, 4]})
    def _(c):   # 10 rows (the natural 9 plus one: output padding), 8 columns (natural 9, one padded at the start); pads ignored
        return convtranspose(c, "x", 2, 2, 3, strides=[3, 2], output_shape=[10, 8], pads=[5, 5, 5, 5])

    @case("convtranspose_depthwise_x2", {"x": [1, 4, 6, 5]})
    def _(c): return convtranspose(c, "x", 4, 4, 2, group=4, strides=[2, 2])

    @case("convtranspose_upsample_head", {"x": [1, 8, 12, 10]})
    def _(c):   # a DBNet-style x2 head: ConvTranspose 2x2/2, then Relu, then another x2 to one map
        y = c.op("Relu", [convtranspose(c, "x", 8, 4, 2, strides=[2, 2])])
        return c.op("Sigmoid", [convtranspose(c, y, 4, 1, 2, strides=[2, 2])])

    @case("convtranspose1d", {"x": [2, 3, 7]})
    def _(c): return convtranspose(c, "x", 3, 2, (4,), strides=[3], pads=[1, 2], output_padding=[1])

    @case("lppool_p3_pads", {"x": [2, 3, 7, 6]}, opset=11)
    def _(c): return c.op("LpPool", ["x"], p=3, kernel_shape=[3, 2], strides=[2, 1], pads=[1, 0, 1, 1])

    @case("lppool_ceil_dilated", {"x": [1, 2, 7, 8]}, opset=18)
    def _(c): return c.op("LpPool", ["x"], p=2, kernel_shape=[2, 3], strides=[2, 2], dilations=[2, 1], ceil_mode=1)

    @case("lppool_same_upper", {"x": [1, 2, 7, 8]})
    def _(c): return c.op("LpPool", ["x"], p=1, kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER")

    @case("lppool1d", {"x": [2, 3, 9]})
    def _(c): return c.op("LpPool", ["x"], kernel_shape=[3], strides=[2], pads=[1, 1])

    @case("global_lppool", {"x": [2, 3, 5, 4]})
    def _(c): return [c.op("GlobalLpPool", ["x"], output="p2"), c.op("GlobalLpPool", ["x"], p=3, output="p3")]

    @case("global_lppool1d", {"x": [2, 3, 9]})
    def _(c): return c.op("GlobalLpPool", ["x"], p=1)

    @case("maxpool_indices", {"x": [2, 3, 7, 6]}, opset=12)
    def _(c): return c.op("MaxPool", ["x"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1,
                          output=["values", "indices"])

    @case("maxpool_indices_column_major", {"x": [1, 2, 8, 7]}, opset=12)
    def _(c): return c.op("MaxPool", ["x"], kernel_shape=[2, 3], strides=[2, 1], dilations=[1, 2], storage_order=1,
                          output=["values", "indices"])

    @case("maxpool_indices_only_opset8", {"x": [1, 2, 6, 6]}, opset=8)
    def _(c): return c.op("MaxPool", ["x"], kernel_shape=[2, 2], strides=[2, 2], output=["values", "indices"])[1]

    @case("maxpool1d_indices", {"x": [2, 3, 11]})
    def _(c): return c.op("MaxPool", ["x"], kernel_shape=[3], strides=[2], pads=[1, 1], output=["values", "indices"])

    @case("matmul_batched_broadcast", {"a": [2, 1, 3, 4], "b": [3, 4, 5]})
    def _(c): return c.op("MatMul", ["a", "b"])

    @case("matmul_vectors", {"a": [4], "b": [2, 4, 3], "v": [3]})
    def _(c): return [c.op("MatMul", ["a", "b"], output="ab"), c.op("MatMul", ["b", "v"], output="bv")]

    @case("matmul_attention_scores", {"q": [1, 2, 5, 4], "k": [1, 2, 5, 4]})
    def _(c): return c.op("MatMul", ["q", c.op("Transpose", ["k"], perm=[0, 1, 3, 2])])

    @case("gemm_runtime_operands", {"a": [4, 3], "b": [5, 4]})
    def _(c): return c.op("Gemm", ["a", "b", c.weight(1, 5)], transA=1, transB=1, alpha=0.5, beta=2.0)

    @case("gemm_runtime_c", {"a": [3, 4], "b": [4, 5], "c": [3, 1]}, opset=11)
    def _(c): return c.op("Gemm", ["a", "b", "c"], beta=-1.5)
