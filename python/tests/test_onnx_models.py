"""strata.Model against onnxruntime on the ONNX fixtures (Tests/Fixtures/onnx): fixed
shapes, two inputs, several outputs, a whole network, and symbolic sizes run at several
shapes through one Model. Inputs are seeded uniform(-1, 1); seeds appear in the labels."""

from __future__ import annotations

from typing import Dict, List, Optional

import numpy as np
import onnx
import pytest

import strata
from conftest import assert_close, fixture, onnxruntime_run, seeded_inputs

# (fixture, sizes of its symbolic dimensions per run: None for a fixed-shape model)
CASES: List[tuple] = [
    ("conv_batchnorm_relu", None),
    ("matmul_attention_scores", None),  # Two inputs.
    ("two_inputs_three_outputs", None),  # Two inputs, three outputs (one int64, as float32).
    ("mv_split_input_opset13", None),  # Three outputs.
    ("mobilenetv2_32", None),  # A whole network (int8 weights behind DequantizeLinear).
    ("symbolic_hw_conv_pool", [{"height": 32, "width": 32}, {"height": 45, "width": 37}, {"height": 64, "width": 48}]),
    ("yolo_anchor_grid", [{"height": 32, "width": 32}, {"height": 48, "width": 40}]),
    ("dynamic_flatten", [{"batch": 1}, {"batch": 3}]),
    ("crnn_bilstm_head", [{"width": 24}, {"width": 40}]),
]


def _runs(sizes: Optional[List[Dict[str, int]]]) -> List[Optional[Dict[str, int]]]:
    return [None] if sizes is None else list(sizes)


@pytest.mark.parametrize("name,sizes", CASES, ids=[case[0] for case in CASES])
def test_outputs_equal_onnxruntime(name: str, sizes: Optional[List[Dict[str, int]]]) -> None:
    graph = onnx.load(fixture(name))
    with strata.Model(fixture(name)) as model:
        for run, run_sizes in enumerate(_runs(sizes)):
            seed = 100 + run
            inputs = seeded_inputs(graph, seed, run_sizes)
            expected = onnxruntime_run(fixture(name), inputs)
            actual = model.run(inputs)
            assert list(actual) == [output.name for output in graph.graph.output]
            for output, value in expected.items():
                assert_close(actual[output], value.astype(np.float32), f"{name} {run_sizes} seed {seed} output '{output}'")


@pytest.mark.parametrize("name,sizes", CASES, ids=[case[0] for case in CASES])
def test_signature_matches_the_graph(name: str, sizes: Optional[List[Dict[str, int]]]) -> None:
    graph = onnx.load(fixture(name))
    initializers = {initializer.name for initializer in graph.graph.initializer}
    declared = [graph_input for graph_input in graph.graph.input if graph_input.name not in initializers]
    with strata.Model(fixture(name)) as model:
        assert [info.name for info in model.inputs] == [graph_input.name for graph_input in declared]
        for info, graph_input in zip(model.inputs, declared):
            dims = graph_input.type.tensor_type.shape.dim
            assert info.shape == tuple(dim.dim_value if dim.HasField("dim_value") else None for dim in dims)
            assert info.dtype is np.float32
        assert [info.name for info in model.outputs] == [output.name for output in graph.graph.output]
        assert all(info.dtype is np.float32 for info in model.outputs)
        if sizes is None:
            # Fixed inputs: every output shape is known before a run, and is the run's.
            actual = model.run(seeded_inputs(graph, 5))
            assert [info.shape for info in model.outputs] == [value.shape for value in actual.values()]


def test_symbolic_output_shape_has_none_where_it_varies() -> None:
    with strata.Model(fixture("yolo_anchor_grid")) as model:
        shapes = {info.name: info.shape for info in model.outputs}
    # head [1, 3, height/4, width/4, 6]: the spatial axes follow the symbolic input sizes.
    assert shapes["head"] == (1, 3, None, None, 6)


def test_bytes_and_path_give_the_same_model() -> None:
    graph = onnx.load(fixture("symbolic_hw_conv_pool"))
    inputs = seeded_inputs(graph, 11, {"height": 40, "width": 36})
    with open(fixture("symbolic_hw_conv_pool"), "rb") as file:
        data = file.read()
    with strata.Model(data) as from_bytes, strata.Model(fixture("symbolic_hw_conv_pool")) as from_path:
        assert [info.name for info in from_bytes.inputs] == ["x"]
        np.testing.assert_array_equal(from_bytes.run(inputs)["logits"], from_path.run(inputs)["logits"])
    expected = onnxruntime_run(fixture("symbolic_hw_conv_pool"), inputs)["logits"]
    with strata.Model(bytearray(data)) as from_bytearray:
        assert_close(from_bytearray.run(inputs)["logits"], expected, "bytearray source, seed 11")


def test_chosen_outputs_in_the_asked_order() -> None:
    graph = onnx.load(fixture("two_inputs_three_outputs"))
    inputs = seeded_inputs(graph, 3)
    expected = onnxruntime_run(fixture("two_inputs_three_outputs"), inputs)
    with strata.Model(fixture("two_inputs_three_outputs")) as model:
        actual = model.run(inputs, outputs=["joined", "sum"])
    assert list(actual) == ["joined", "sum"]
    for name in actual:
        assert_close(actual[name], expected[name], f"output '{name}', seed 3")


def test_inputs_in_any_order_and_a_bare_array_for_one_input() -> None:
    graph = onnx.load(fixture("matmul_attention_scores"))
    inputs = seeded_inputs(graph, 21)
    expected = onnxruntime_run(fixture("matmul_attention_scores"), inputs)["matmul2"]
    with strata.Model(fixture("matmul_attention_scores")) as model:
        assert_close(model.run({"k": inputs["k"], "q": inputs["q"]})["matmul2"], expected, "k before q, seed 21")
    graph = onnx.load(fixture("conv_batchnorm_relu"))
    inputs = seeded_inputs(graph, 22)
    (name,) = inputs
    expected = onnxruntime_run(fixture("conv_batchnorm_relu"), inputs)
    with strata.Model(fixture("conv_batchnorm_relu")) as model:
        actual = model.run(inputs[name])
    for output in expected:
        assert_close(actual[output], expected[output], "bare array, seed 22")


def test_other_dtypes_and_layouts_are_converted() -> None:
    graph = onnx.load(fixture("symbolic_hw_conv_pool"))
    x = seeded_inputs(graph, 31, {"height": 20, "width": 24})["x"]
    with strata.Model(fixture("symbolic_hw_conv_pool")) as model:
        reference = model.run({"x": x})["logits"]
        # float64: the same values (float32 -> float64 -> float32 is exact).
        np.testing.assert_array_equal(model.run({"x": x.astype(np.float64)})["logits"], reference)
        # Not C-contiguous: a transposed view of the transposed data, and a strided slice.
        transposed = np.ascontiguousarray(x.transpose(0, 1, 3, 2)).transpose(0, 1, 3, 2)
        assert not transposed.flags.c_contiguous
        np.testing.assert_array_equal(model.run({"x": transposed})["logits"], reference)
        wide = np.zeros((1, 3, 20, 48), np.float32)
        wide[..., ::2] = x
        np.testing.assert_array_equal(model.run({"x": wide[..., ::2]})["logits"], reference)
        # Integers and nested lists: converted to float32.
        integers = np.round(x * 10).astype(np.int32)
        np.testing.assert_array_equal(model.run({"x": integers})["logits"],
                                      model.run({"x": integers.astype(np.float32)})["logits"])
        np.testing.assert_array_equal(model.run({"x": x.tolist()})["logits"], reference)
    expected = onnxruntime_run(fixture("symbolic_hw_conv_pool"), {"x": x})["logits"]
    assert_close(reference, expected, "seed 31")


def test_dimensions_option_fixes_a_symbolic_size() -> None:
    graph = onnx.load(fixture("symbolic_hw_conv_pool"))
    with strata.Model(fixture("symbolic_hw_conv_pool"), dimensions={"height": 45, "width": 37}) as model:
        assert model.inputs[0].shape == (1, 3, 45, 37)
        inputs = seeded_inputs(graph, 41, {"height": 45, "width": 37})
        expected = onnxruntime_run(fixture("symbolic_hw_conv_pool"), inputs)["logits"]
        assert_close(model.run(inputs)["logits"], expected, "dimensions 45x37, seed 41")
        with pytest.raises(strata.StrataError) as error:
            model.run(seeded_inputs(graph, 42, {"height": 32, "width": 32}))
        assert error.value.status == "STRATA_ERROR_SHAPE"


def test_batch_option_fixes_a_symbolic_batch() -> None:
    with strata.Model(fixture("dynamic_flatten"), batch=3) as model:
        assert model.inputs[0].shape == (3, 3, 6, 6)
        assert model.outputs[0].shape == (3, 5)
