"""Inputs a reviewer found handled wrongly, each pinned to the right behaviour: integers past
a C field's range, empty weight bytes, scalar inputs, copies and pickling, a graph output
listed twice, feature maps of a model only its own sizes fit, NUL characters in names."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

import strata


def _model_bytes(nodes, inputs, outputs, initializers=()):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def _onnxruntime(data: bytes, feeds):
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"]).run(None, feeds)


@pytest.mark.parametrize("arguments", [
    {"batch": 2**64 + 2}, {"memory_limit": 2**64 + 1024}, {"threads": 2**32}, {"threads": 2**31},
    {"image_size": -(2**63) - 1},
])
def test_integers_past_a_c_field_are_refused_not_truncated(arguments):
    with pytest.raises(ValueError, match="must fit a"):
        strata.Model("seednet", **arguments)


def test_dimension_sizes_and_set_threads_are_range_checked():
    data = _model_bytes([helper.make_node("Relu", ["x"], ["y"])],
                        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "n"])],
                        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, "n"])])
    with pytest.raises(ValueError, match="must fit a 64-bit"):
        strata.Model(data, dimensions={"n": 2**64 + 32})
    model = strata.Model(data)
    with pytest.raises(ValueError, match="must fit a 32-bit"):
        model.set_threads(2**40)


def test_empty_weight_bytes_are_refused():
    with pytest.raises(ValueError, match="weights is empty"):
        strata.Model("seednet", weights=b"")


def test_weights_for_onnx_bytes_name_the_rule():
    data = _model_bytes([helper.make_node("Relu", ["x"], ["y"])],
                        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
                        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    with pytest.raises(strata.StrataError, match="apply to built-in models") as error:
        strata.Model(data, weights=b"x")
    assert error.value.status == "STRATA_ERROR_INVALID_ARGUMENT"


@pytest.mark.parametrize("scalar", [np.float32(2.0), 2.0, 2, np.array(2.0, dtype=np.float64)])
def test_scalar_inputs_keep_rank_zero(scalar):
    data = _model_bytes([helper.make_node("Mul", ["x", "x"], ["y"])],
                        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [])],
                        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [])])
    out = strata.Model(data).run({"x": scalar})["y"]
    assert out.shape == () and out == np.float32(4.0)


def test_models_cannot_be_copied_or_pickled():
    model = strata.Model("seednet")
    for attempt in (copy.copy, copy.deepcopy, pickle.dumps):
        with pytest.raises(TypeError, match="cannot be"):
            attempt(model)
    assert not model.closed
    model.run(np.zeros((1, 1, 28, 28), dtype=np.float32))  # still usable


def test_a_graph_output_listed_twice_runs_by_default():
    data = _model_bytes([helper.make_node("Relu", ["x"], ["r"])],
                        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3])],
                        [helper.make_tensor_value_info("r", TensorProto.FLOAT, [3]),
                         helper.make_tensor_value_info("r", TensorProto.FLOAT, [3])])
    x = np.array([-1.0, 0.5, 2.0], dtype=np.float32)
    expected = _onnxruntime(data, {"x": x})[0]
    out = strata.Model(data).run({"x": x})
    assert list(out) == ["r"]
    np.testing.assert_array_equal(out["r"], expected)


def test_feature_maps_of_a_model_only_its_own_sizes_fit():
    # seq must be 5 (a [5, 8] table is added): the layers cannot be listed at the probe size.
    rng = np.random.default_rng(11)
    pos = rng.uniform(-1, 1, (5, 8)).astype(np.float32)
    data = _model_bytes([helper.make_node("Add", ["x", "pos"], ["shifted"]), helper.make_node("Relu", ["shifted"], ["y"])],
                        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "seq", 8])],
                        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, "seq", 8])],
                        [numpy_helper.from_array(pos, "pos")])
    x = rng.uniform(-1, 1, (1, 5, 8)).astype(np.float32)
    maps = strata.Model(data).feature_maps({"x": x})
    np.testing.assert_allclose(maps["shifted"], x + pos, rtol=1e-6)
    np.testing.assert_allclose(maps["y"], _onnxruntime(data, {"x": x})[0], rtol=1e-6)


def test_nul_characters_in_names_are_refused():
    with pytest.raises(ValueError, match="NUL"):
        strata.Model("seed\0net")
    model = strata.Model("seednet")
    with pytest.raises(ValueError, match="NUL"):
        model.run({"input\0junk": np.zeros((1, 1, 28, 28), dtype=np.float32)})


def test_wrong_argument_kinds_name_what_is_expected():
    model = strata.Model("seednet")
    with pytest.raises(TypeError, match="summary takes None"):
        model.summary(40)
