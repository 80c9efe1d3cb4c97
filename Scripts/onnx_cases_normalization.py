"""Conformance cases of the normalization family (LRN, InstanceNormalization,
LayerNormalization, GroupNormalization, LpNormalization, MeanVarianceNormalization),
loaded by Scripts/make-onnx-cases. onnxruntime runs LRN only on 4-D inputs with an odd
size, and the onnx checker refuses GroupNormalization-18 (deprecated), so those forms are
pinned by the Swift tests (ONNXNormalizationTests) by hand and against the reference."""


def register(case, conv):
    @case("lrn_alexnet", {"x": [1, 7, 5, 6]}, opset=13)
    def _(c): return c.op("LRN", ["x"], size=5, alpha=1e-2, beta=0.75, bias=1.0)

    @case("lrn_beta_bias", {"x": [2, 4, 3, 5]}, opset=7)
    def _(c): return c.op("LRN", ["x"], size=3, alpha=0.3, beta=0.6, bias=2.0)

    @case("instancenorm", {"x": [2, 3, 5, 4]}, opset=7)
    def _(c): return c.op("InstanceNormalization", ["x", c.weight(3), c.weight(3)], epsilon=1e-3)

    @case("instancenorm_1d", {"x": [2, 3, 7]}, opset=22)
    def _(c): return c.op("InstanceNormalization", ["x", c.weight(3), c.weight(3)])

    @case("layernorm_last_axis", {"x": [2, 3, 10]}, opset=17)
    def _(c): return c.op("LayerNormalization", ["x", c.weight(10), c.weight(10)], epsilon=1e-4)

    @case("layernorm_axis1_broadcast_scale", {"x": [2, 3, 4, 5]}, opset=17)
    def _(c): return c.op("LayerNormalization", ["x", c.weight(4, 1), c.weight(5)], axis=1)

    @case("layernorm_stats_no_bias", {"x": [3, 2, 6]}, opset=17)
    def _(c): return c.op("LayerNormalization", ["x", c.weight(2, 6)], ["y", "mean", "inv_std_dev"], axis=-2)

    @case("groupnorm_opset21", {"x": [2, 6, 3, 4]}, opset=21)
    def _(c): return c.op("GroupNormalization", ["x", c.weight(6), c.weight(6)], num_groups=3, epsilon=1e-3)

    @case("lpnorm_p2_axis1", {"x": [2, 5, 3, 2]}, opset=13)
    def _(c): return c.op("LpNormalization", ["x"], axis=1, p=2)

    @case("lpnorm_p1_last_axis", {"x": [3, 4, 9]}, opset=13)
    def _(c): return c.op("LpNormalization", ["x"], p=1)

    @case("mvn_default_axes", {"x": [2, 3, 4, 5]}, opset=13)
    def _(c): return c.op("MeanVarianceNormalization", ["x"])

    @case("mvn_axes_1_3", {"x": [2, 3, 4, 5]}, opset=9)
    def _(c): return c.op("MeanVarianceNormalization", ["x"], axes=[1, 3])

    @case("conv_lrn_maxpool", {"x": [1, 3, 11, 11]}, opset=9)
    def _(c):   # AlexNet's first block, shrunk
        y = c.op("Relu", [conv(c, "x", 3, 6, 3, strides=[2, 2])])
        return c.op("MaxPool", [c.op("LRN", [y], size=5, alpha=1e-4, beta=0.75, bias=1.0)], kernel_shape=[2, 2], strides=[2, 2])
