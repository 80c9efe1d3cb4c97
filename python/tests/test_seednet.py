"""Seednet (the built-in model) through strata.Model: against onnxruntime on make-golden's
own ONNX definition with the same golden weights, as a built-in name and as ONNX bytes;
feature maps against onnxruntime's intermediate values; summary, batch, threads."""

from __future__ import annotations

import os
from types import ModuleType

import numpy as np
import onnx
import pytest

import strata
from conftest import GOLDEN_FIXTURES, assert_close, onnxruntime_run, with_every_value_as_output

SEED = 2024


def _input(seed: int, batch: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1, 1, (batch, 1, 28, 28)).astype(np.float32)


def test_builtin_equals_the_recorded_golden_output(make_golden: ModuleType, seednet_weights: str) -> None:
    golden = make_golden.read_safetensors(os.path.join(GOLDEN_FIXTURES, "seednet.safetensors"))
    with strata.Model("seednet", weights=seednet_weights) as model:
        assert [(info.name, info.shape) for info in model.inputs] == [("input", (1, 1, 28, 28))]
        (output,) = model.outputs
        assert output.shape == (1, 10)
        actual = model.run({"input": golden["input"]})[output.name]
    assert_close(actual, golden["expected"], "seednet golden fixture (onnxruntime, recorded)")


def test_builtin_and_onnx_bytes_equal_onnxruntime(seednet_onnx: onnx.ModelProto, seednet_weights: str) -> None:
    x = _input(SEED)
    data = seednet_onnx.SerializeToString()
    expected = onnxruntime_run(data, {"input": x})["softmax"]
    with strata.Model("seednet", weights=seednet_weights) as builtin:
        assert_close(builtin.run(x)[builtin.outputs[0].name], expected, f"built-in seednet, seed {SEED}")
    with strata.Model(data) as from_bytes:
        assert [info.name for info in from_bytes.outputs] == ["softmax"]
        assert_close(from_bytes.run(x)["softmax"], expected, f"seednet ONNX bytes, seed {SEED}")


def test_weights_as_bytes_equal_weights_as_path(seednet_weights: str) -> None:
    x = _input(SEED + 1)
    with open(seednet_weights, "rb") as file:
        data = file.read()
    with strata.Model("seednet", weights=seednet_weights) as from_path, strata.Model("seednet", weights=data) as from_bytes:
        name = from_path.outputs[0].name
        np.testing.assert_array_equal(from_bytes.run(x)[name], from_path.run(x)[name])


def test_feature_maps_equal_onnxruntime_intermediate_values(seednet_onnx: onnx.ModelProto, seednet_weights: str) -> None:
    x = _input(SEED + 2)
    everything = with_every_value_as_output(seednet_onnx)
    reference = onnxruntime_run(everything.SerializeToString(), {"input": x})
    with strata.Model("seednet", weights=seednet_weights) as model:
        layers = model.layers
        maps = model.feature_maps(x)
        assert list(maps) == layers
        final = model.run(x)
    # make-golden names each ONNX value after the layer that makes it, as Strata does; the
    # flatten layer's value is compared too (its shape is [1, 3136] in both).
    shared = [name for name in layers if name in reference]
    assert set(reference) - {"input"} <= set(shared), f"layers {layers}; onnxruntime values {sorted(reference)}"
    for name in shared:
        assert_close(maps[name], reference[name], f"feature map '{name}', seed {SEED + 2}")
    np.testing.assert_array_equal(maps[layers[-1]], final[model.outputs[0].name])
    np.testing.assert_array_equal(maps["input"], x)


def test_feature_maps_of_chosen_layers(seednet_weights: str) -> None:
    x = _input(SEED + 3)
    with strata.Model("seednet", weights=seednet_weights) as model:
        every = model.feature_maps(x)
        chosen = [model.layers[2], model.layers[1]]
        some = model.feature_maps({"input": x}, layers=chosen)
    assert list(some) == chosen
    for name in chosen:
        np.testing.assert_array_equal(some[name], every[name])


def test_batch_and_image_size_options(seednet_weights: str) -> None:
    x = _input(SEED + 4, batch=3)
    with strata.Model("seednet", weights=seednet_weights) as single, \
            strata.Model("seednet", weights=seednet_weights, batch=3) as batched:
        assert batched.inputs[0].shape == (3, 1, 28, 28)
        assert batched.outputs[0].shape == (3, 10)
        name = single.outputs[0].name
        together = batched.run(x)[name]
        # Each image alone gives its row of the batch (same weights, same arithmetic per image).
        for row in range(3):
            np.testing.assert_allclose(together[row], single.run(x[row:row + 1])[name][0], rtol=1e-5, atol=1e-7)
    with strata.Model("seednet", image_size=32) as larger:
        assert larger.inputs[0].shape == (1, 1, 32, 32)


def test_summary_names_every_layer(seednet_weights: str) -> None:
    with strata.Model("seednet", weights=seednet_weights) as model:
        text = model.summary()
        layers = model.layers
    assert isinstance(text, str)
    for name in layers:
        assert name in text, f"summary lacks layer '{name}':\n{text}"


def test_set_threads_keeps_results(seednet_weights: str) -> None:
    x = _input(SEED + 5)
    with strata.Model("seednet", weights=seednet_weights, threads=2) as model:
        name = model.outputs[0].name
        two = model.run(x)[name]
        model.set_threads(1)
        one = model.run(x)[name]
        model.set_threads(0)
        default = model.run(x)[name]
    np.testing.assert_allclose(one, two, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(default, two, rtol=1e-5, atol=1e-7)


def test_version_is_the_library_one() -> None:
    version = strata.__version__
    parts = version.split(".")
    assert len(parts) == 3 and all(part.isdigit() for part in parts), version
    assert version == "0.13.0"  # strata.h's STRATA_VERSION, which this package mirrors.


@pytest.mark.parametrize("shape", [(1, 1, 28, 28), [2, 1, 36, 36]])
def test_summary_of_a_symbolic_model_at_a_shape(shape: tuple) -> None:
    from conftest import fixture

    with strata.Model(fixture("symbolic_hw_conv_pool")) as model:
        text = model.summary({"x": (1, 3, shape[2], shape[3])})
        assert model.summary((1, 3, shape[2], shape[3])) == text
    assert f"{shape[2]}" in text
