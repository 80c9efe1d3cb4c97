"""Feature maps of ONNX models against onnxruntime's intermediate values (every node output
added as a graph output), at symbolic sizes and on a whole network."""

from __future__ import annotations

from typing import Dict, Optional

import numpy as np
import onnx
import pytest

import strata
from conftest import assert_close, fixture, onnxruntime_run, seeded_inputs, with_every_value_as_output

CASES = [
    ("symbolic_hw_conv_pool", {"height": 32, "width": 32}),
    ("symbolic_hw_conv_pool", {"height": 45, "width": 37}),
    ("mobilenetv2_32", None),
]


@pytest.mark.parametrize("name,sizes", CASES, ids=[f"{case[0]}-{case[1]}" for case in CASES])
def test_every_layer_equals_onnxruntime(name: str, sizes: Optional[Dict[str, int]]) -> None:
    graph = onnx.load(fixture(name))
    seed = 500
    inputs = seeded_inputs(graph, seed, sizes)
    reference = onnxruntime_run(with_every_value_as_output(graph).SerializeToString(), inputs)
    with strata.Model(fixture(name)) as model:
        layers = model.layers
        maps = model.feature_maps(inputs)
        final = model.run(inputs)
    assert list(maps) == layers
    # Every layer but the graph inputs is a node output of the ONNX graph (same names).
    inner = [layer for layer in layers if layer not in inputs]
    assert [layer for layer in inner if layer not in reference] == []
    for layer in inner:
        assert_close(maps[layer], reference[layer], f"{name} {sizes} seed {seed} layer '{layer}'")
    for input_name, value in inputs.items():
        np.testing.assert_array_equal(maps[input_name], value)
    # Not bit-equal to run(): a run that keeps every layer cannot fold BatchNorm into the
    # convolution before it, so the arithmetic differs in the last bits; both must stay
    # within onnxruntime's tolerance, and so within it of each other.
    for output_name, value in final.items():
        assert_close(maps[output_name], value, f"{name} {sizes} output '{output_name}' from feature_maps vs run")
