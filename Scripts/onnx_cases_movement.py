"""Conformance cases of the Movement family (Slice, Split, Tile, Expand, Gather,
GatherElements, ArgMax/ArgMin on run-time tensors), recorded with onnxruntime by
Scripts/make-onnx-cases. Every data input is a graph input or computed from one, so the
cases run the kernels, not the constant folds. Each fixture is a few KB."""

import numpy as np

INT64_MAX, INT64_MIN = np.iinfo(np.int64).max, np.iinfo(np.int64).min


def register(case, conv):
    @case("mv_slice_steps_int64_bounds", {"x": [2, 5, 7]}, opset=13)
    def _(c):   # a forward step 2 on axis 1, a backward step -2 from the end on the last axis
        return c.op("Slice", ["x", c.ints(1, -1), c.ints(INT64_MAX, INT64_MIN), c.ints(1, -1), c.ints(2, -2)])

    @case("mv_slice_opset9_attributes", {"x": [3, 4, 6]}, opset=9)
    def _(c): return c.op("Slice", [c.op("Relu", ["x"])], starts=[1, -4], ends=[1000, -1], axes=[0, 2])

    @case("mv_split_input_opset13", {"x": [1, 6, 3, 4]}, opset=13)
    def _(c):   # YOLO-style: channels split into boxes, objectness, classes
        return c.op("Split", ["x", c.ints(1, 2, 3)], output=["boxes", "objectness", "classes"], axis=1)

    @case("mv_split_num_outputs_opset18", {"x": [2, 7, 3]}, opset=18)
    def _(c):   # 7 into 3: 3, 3, 1
        return c.op("Split", ["x"], output=["a", "b", "c"], axis=-2, num_outputs=3)

    @case("mv_split_attribute_opset11", {"x": [2, 3, 5]}, opset=11)
    def _(c): return c.op("Split", ["x"], output=["left", "right"], axis=-1, split=[2, 3])

    @case("mv_tile_expand", {"x": [2, 1, 3]}, opset=13)
    def _(c):
        return [c.op("Tile", ["x", c.ints(2, 3, 1)]), c.op("Expand", ["x", c.ints(4, 1, 1, 1)])]

    @case("mv_gather_constant_negative", {"x": [3, 4, 5]}, opset=13)
    def _(c): return c.op("Gather", ["x", c.const([[0, -1], [2, 1]], dtype=np.int64)], axis=1)

    @case("mv_argmax_gather_runtime_indices", {"x": [4, 6]}, opset=13)
    def _(c):   # the best column of each row, then those columns of every row
        best = c.op("ArgMax", ["x"], axis=1, keepdims=0)
        return [best, c.op("Gather", ["x", best], axis=1)]

    @case("mv_argmin_select_last_ties", {"x": [2, 3, 8]}, opset=13)
    def _(c):   # Relu makes ties at 0: the last one wins
        return c.op("ArgMin", [c.op("Relu", ["x"])], axis=-1, select_last_index=1)

    @case("mv_gather_elements", {"x": [3, 4]}, opset=13)
    def _(c): return c.op("GatherElements", ["x", c.const([[0, -1], [2, 1], [3, 3]], dtype=np.int64)], axis=1)
