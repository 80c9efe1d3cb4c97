"""Conformance cases of the resampling family: Resize (opsets 10-19), Upsample (7, 9),
DepthToSpace and SpaceToDepth. Recorded by Scripts/make-onnx-cases, which imports this
module and calls `register`."""


def register(case, conv):
    def resize(c, mode, scales=None, sizes=None, roi=None, axes=None, **attributes):
        # roi and scales are required inputs before opset 13: empty tensors stand for "none".
        inputs = ["x", c.const(roi if roi is not None else []), c.const(scales if scales is not None else [])]
        if sizes is not None:
            inputs.append(c.ints(*sizes))
        if axes is not None:
            attributes["axes"] = axes
        return c.op("Resize", inputs, mode=mode, **attributes)

    # The feature pyramid's x2 nearest (PyTorch's export) and the ONNX default mapping.
    @case("resize_nearest_x2_fpn", {"x": [1, 3, 5, 6]}, opset=11)
    def _(c): return resize(c, "nearest", scales=[1, 1, 2, 2], coordinate_transformation_mode="asymmetric", nearest_mode="floor")

    @case("resize_nearest_x3_half_pixel", {"x": [1, 2, 4, 3]}, opset=13)
    def _(c): return resize(c, "nearest", scales=[1, 1, 3, 3])

    @case("resize_nearest_modes_sizes", {"x": [1, 2, 5, 7]}, opset=13)
    def _(c):   # every nearest_mode on a non-integer downscale and upscale, concatenated on C
        outs = [resize(c, "nearest", sizes=[1, 2, 8, 4], nearest_mode=m, coordinate_transformation_mode=t)
                for m, t in [("round_prefer_floor", "half_pixel"), ("round_prefer_ceil", "align_corners"),
                             ("floor", "pytorch_half_pixel"), ("ceil", "asymmetric")]]
        return c.op("Concat", outs, axis=1)

    @case("resize_nearest_tf_half_pixel_for_nn", {"x": [1, 1, 4, 5]}, opset=11)
    def _(c): return resize(c, "nearest", scales=[1, 1, 1.6, 0.6], coordinate_transformation_mode="tf_half_pixel_for_nn")

    @case("resize_linear_x2_half_pixel", {"x": [1, 3, 5, 4]}, opset=13)
    def _(c): return resize(c, "linear", scales=[1, 1, 2, 2])

    @case("resize_linear_align_corners_sizes", {"x": [2, 2, 4, 5]}, opset=11)
    def _(c): return resize(c, "linear", sizes=[2, 2, 7, 9], coordinate_transformation_mode="align_corners")

    @case("resize_linear_downscale_pytorch", {"x": [1, 2, 9, 8]}, opset=13)
    def _(c): return resize(c, "linear", scales=[1, 1, 0.45, 0.7], coordinate_transformation_mode="pytorch_half_pixel")

    @case("resize_linear_3d_asymmetric", {"x": [1, 2, 3, 4, 3]}, opset=13)
    def _(c): return resize(c, "linear", scales=[1, 1, 2, 1.5, 2], coordinate_transformation_mode="asymmetric")

    @case("resize_linear_crop_and_resize", {"x": [1, 2, 6, 5]}, opset=13)
    def _(c): return resize(c, "linear", sizes=[1, 2, 4, 6], roi=[0, 0, -0.2, 0.1, 1, 1, 0.9, 1.3],
                            coordinate_transformation_mode="tf_crop_and_resize", extrapolation_value=7.5)

    @case("resize_cubic_exclude_outside", {"x": [1, 2, 5, 4]}, opset=13)
    def _(c): return resize(c, "cubic", scales=[1, 1, 1.8, 2.5], cubic_coeff_a=-0.5, exclude_outside=1)

    @case("resize_cubic_align_corners_down", {"x": [1, 1, 8, 7]}, opset=11)
    def _(c): return resize(c, "cubic", sizes=[1, 1, 5, 3], coordinate_transformation_mode="align_corners")

    @case("resize_axes_not_larger", {"x": [1, 2, 6, 8]}, opset=18)
    def _(c): return resize(c, "linear", sizes=[9, 9], axes=[2, 3], keep_aspect_ratio_policy="not_larger")

    @case("resize_axes_not_smaller_nearest", {"x": [1, 2, 6, 8]}, opset=18)
    def _(c): return resize(c, "nearest", sizes=[3, 5], axes=[3, 2], keep_aspect_ratio_policy="not_smaller")

    @case("resize_antialias_linear_down", {"x": [1, 2, 11, 9]}, opset=18)
    def _(c): return resize(c, "linear", scales=[0.4, 0.55], axes=[2, 3], antialias=1)

    @case("resize_antialias_cubic_mixed", {"x": [1, 2, 10, 5]}, opset=18)
    def _(c): return resize(c, "cubic", scales=[1, 1, 0.3, 1.7], antialias=1)

    @case("resize_half_pixel_symmetric", {"x": [1, 2, 5, 6]}, opset=19)
    def _(c): return resize(c, "linear", scales=[1, 1, 1.7, 0.6], coordinate_transformation_mode="half_pixel_symmetric")

    @case("resize_10_nearest_and_linear", {"x": [1, 2, 3, 4]}, opset=10)
    def _(c):
        scales = c.const([1, 1, 2, 1.5])
        return c.op("Concat", [c.op("Resize", ["x", scales], mode="nearest"),
                               c.op("Resize", ["x", scales], mode="linear")], axis=1)

    @case("resize_10_nearest_down", {"x": [1, 1, 5, 7]}, opset=10)
    def _(c): return c.op("Resize", ["x", c.const([1, 1, 0.6, 0.5])], mode="nearest")

    @case("upsample_7_nearest", {"x": [1, 2, 3, 4]}, opset=7)
    def _(c): return c.op("Upsample", ["x"], mode="nearest", scales=[1.0, 1.0, 2.0, 3.0])

    @case("upsample_9_linear", {"x": [1, 2, 3, 4]}, opset=9)
    def _(c): return c.op("Upsample", ["x", c.const([1, 1, 2, 2.5])], mode="linear")

    @case("depth_to_space_dcr_crd", {"x": [1, 8, 2, 3]}, opset=13)
    def _(c): return c.op("Concat", [c.op("DepthToSpace", ["x"], blocksize=2),
                                     c.op("DepthToSpace", ["x"], blocksize=2, mode="CRD")], axis=1)

    @case("space_to_depth_then_back", {"x": [2, 3, 4, 6]}, opset=13)
    def _(c):
        s = c.op("SpaceToDepth", ["x"], blocksize=2)
        return c.op("Add", [c.op("Mul", [s, s]), c.op("SpaceToDepth", [c.op("DepthToSpace", [s], blocksize=2)], blocksize=2)])
