"""Model.summary: one row per layer, whose output shapes are those of onnxruntime's values."""

from __future__ import annotations

import re
from typing import Dict, Tuple

import numpy as np
import onnx
import pytest

import strata
from conftest import fixture, onnxruntime_run, seeded_inputs, with_every_value_as_output


def _row_shapes(text: str) -> Dict[str, Tuple[int, ...]]:
    """{layer: output shape} from the table's rows ("name  op  [1, 8, 18, 22]  ...")."""
    shapes = {}
    for line in text.splitlines():
        match = re.match(r"^(\S+)\s+\S+\s+\[([0-9, ]*)\]", line)
        if match:
            shapes[match.group(1)] = tuple(int(size) for size in match.group(2).split(",") if size.strip())
    return shapes


@pytest.mark.parametrize("height,width", [(36, 44), (64, 48)])
def test_symbolic_model_rows_have_onnxruntime_shapes(height: int, width: int) -> None:
    graph = onnx.load(fixture("symbolic_hw_conv_pool"))
    inputs = seeded_inputs(graph, 7, {"height": height, "width": width})
    reference = onnxruntime_run(with_every_value_as_output(graph).SerializeToString(), inputs)
    with strata.Model(fixture("symbolic_hw_conv_pool")) as model:
        text = model.summary({"x": (1, 3, height, width)})
        assert model.summary((1, 3, height, width)) == text  # One shape for a one-input model.
        layers = model.layers
    shapes = _row_shapes(text)
    assert list(shapes) == layers, text
    assert shapes["x"] == (1, 3, height, width)
    for name, value in reference.items():
        assert shapes[name] == value.shape, f"layer '{name}': summary {shapes[name]}, onnxruntime {value.shape}"


def test_fixed_model_needs_no_shapes(seednet_onnx: onnx.ModelProto, seednet_weights: str) -> None:
    x = np.zeros((1, 1, 28, 28), np.float32)
    reference = onnxruntime_run(with_every_value_as_output(seednet_onnx).SerializeToString(), {"input": x})
    with strata.Model("seednet", weights=seednet_weights) as model:
        text = model.summary()
    expected = {"input": x.shape, **{name: value.shape for name, value in reference.items()}}
    assert _row_shapes(text) == expected, text


def test_symbolic_model_without_shapes_is_refused() -> None:
    with strata.Model(fixture("symbolic_hw_conv_pool")) as model:
        with pytest.raises(strata.StrataError) as error:
            model.summary()
        assert error.value.status == "STRATA_ERROR_INVALID_ARGUMENT" and "height" in error.value.message
        with pytest.raises(strata.StrataError) as error:
            model.summary((1, 3, 36))
        assert error.value.status == "STRATA_ERROR_SHAPE"
