"""Misuse raises StrataError with the library's status name and message (strata_last_error),
or TypeError for Python values that are not tensors; library loading errors name the places
searched."""

from __future__ import annotations

import ctypes.util
import gc
import os
import threading

import numpy as np
import pytest

import strata
from strata import _library
from conftest import fixture


@pytest.fixture()
def attention() -> strata.Model:
    model = strata.Model(fixture("matmul_attention_scores"))
    yield model
    model.close()


def _qk(seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    return {"q": rng.uniform(-1, 1, (1, 2, 5, 4)).astype(np.float32),
            "k": rng.uniform(-1, 1, (1, 2, 5, 4)).astype(np.float32)}


def _raises(status: str, call, *fragments: str) -> strata.StrataError:
    with pytest.raises(strata.StrataError) as caught:
        call()
    error = caught.value
    assert error.status == status, f"{error.status}: {error.message}"
    assert error.message, "empty message"
    assert str(error) == f"{status}: {error.message}"
    for fragment in fragments:
        assert fragment in error.message, f"'{fragment}' not in: {error.message}"
    return error


def test_wrong_input_name(attention: strata.Model) -> None:
    inputs = _qk()
    inputs["key"] = inputs.pop("k")
    # The library's message names the model's inputs.
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: attention.run(inputs), "'key'", "'q'", "'k'")


def test_missing_and_extra_inputs(attention: strata.Model) -> None:
    inputs = _qk()
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: attention.run({"q": inputs["q"]}), "n_inputs is 1")
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: attention.run({**inputs, "v": inputs["q"]}), "n_inputs is 3")
    # A bare array is one unnamed input: fine for a one-input model, refused for two.
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: attention.run(inputs["q"]), "n_inputs is 1", "'q', 'k'")


def test_wrong_shape(attention: strata.Model) -> None:
    inputs = _qk()
    inputs["k"] = np.zeros((1, 2, 6, 4), np.float32)
    _raises("STRATA_ERROR_SHAPE", lambda: attention.run(inputs))
    inputs["k"] = np.zeros((2, 5, 4), np.float32)
    _raises("STRATA_ERROR_SHAPE", lambda: attention.run(inputs))
    inputs["k"] = np.zeros((1,) * 9, np.float32)
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: attention.run(inputs), "STRATA_MAX_RANK")


def test_unknown_output_and_layer(attention: strata.Model) -> None:
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: attention.run(_qk(), outputs=["nope"]), "nope")
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: attention.feature_maps(_qk(), layers=["nope"]), "nope")
    with pytest.raises(TypeError):
        attention.run(_qk(), outputs="matmul2")  # A string, not a list of names.


def test_non_numeric_inputs_are_type_errors(attention: strata.Model) -> None:
    good = _qk()
    for bad in (good["q"].astype(object), good["q"].astype(np.complex64), np.full((1, 2, 5, 4), "a"),
                [[1.0, 2.0], [3.0]]):
        with pytest.raises(TypeError, match="input 'q'"):
            attention.run({"q": bad, "k": good["k"]})
    with pytest.raises(TypeError):
        attention.run({1: good["q"], "k": good["k"]})


def test_closed_model(attention: strata.Model) -> None:
    output = attention.run(_qk())["matmul2"]
    attention.close()
    assert attention.closed
    attention.close()  # Closing again does nothing.
    _raises("STRATA_ERROR_INVALID_HANDLE", lambda: attention.run(_qk()), "released")
    _raises("STRATA_ERROR_INVALID_HANDLE", lambda: attention.set_threads(1))
    # What was read before closing stays readable.
    assert [info.name for info in attention.inputs] == ["q", "k"]
    assert output.shape == (1, 2, 5, 5)


def test_context_manager_and_garbage_collection_release() -> None:
    with strata.Model(fixture("conv_batchnorm_relu")) as model:
        assert not model.closed
    assert model.closed
    dropped = strata.Model(fixture("conv_batchnorm_relu"))
    del dropped
    gc.collect()  # __del__ releases; nothing to observe but that it does not raise.


def test_bad_models() -> None:
    _raises("STRATA_ERROR_INVALID_MODEL", lambda: strata.Model(b"this is not an ONNX file"))
    _raises("STRATA_ERROR_INVALID_MODEL", lambda: strata.Model(b""))
    _raises("STRATA_ERROR_INVALID_MODEL", lambda: strata.Model("/nonexistent/model.onnx"), "/nonexistent/model.onnx")
    _raises("STRATA_ERROR_INVALID_MODEL", lambda: strata.Model("no-such-network"), "seednet")
    with open(fixture("conv_batchnorm_relu"), "rb") as file:
        truncated = file.read()[:40]
    _raises("STRATA_ERROR_INVALID_MODEL", lambda: strata.Model(truncated))
    with pytest.raises(TypeError):
        strata.Model(42)  # type: ignore[arg-type]


def test_bad_options() -> None:
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: strata.Model("seednet", threads=-1), "threads")
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: strata.Model(fixture("conv_batchnorm_relu"), weights="w.safetensors"))
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: strata.Model(fixture("conv_batchnorm_relu"), image_size=64))
    _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: strata.Model("seednet", memory_limit=-5))
    with pytest.raises(TypeError):
        strata.Model("seednet", threads=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        strata.Model("seednet", weights=3)  # type: ignore[arg-type]
    with strata.Model("seednet") as model:
        _raises("STRATA_ERROR_INVALID_ARGUMENT", lambda: model.set_threads(-1), "threads")


def test_memory_limit() -> None:
    # A built-in model's input is known at creation: 1 KiB cannot hold seednet's (3136 bytes).
    _raises("STRATA_ERROR_MEMORY_LIMIT", lambda: strata.Model("seednet", memory_limit=1024), "1024")
    # Symbolic sizes are bound per run: 1 MiB fits a 32x32 plan, not a 512x512 input (3 MiB).
    with strata.Model(fixture("symbolic_hw_conv_pool"), memory_limit=1 << 20) as model:
        assert model.run(np.zeros((1, 3, 32, 32), np.float32))["logits"].shape == (1, 10)
        _raises("STRATA_ERROR_MEMORY_LIMIT", lambda: model.run(np.zeros((1, 3, 512, 512), np.float32)))


def test_errors_are_per_thread(attention: strata.Model) -> None:
    """A failure on one thread does not change the message another thread reads."""
    messages = {}

    def fail_with(name: str) -> None:
        inputs = _qk()
        inputs[name] = inputs.pop("k")
        for _ in range(20):
            try:
                attention.run(inputs)
            except strata.StrataError as error:
                messages.setdefault(name, set()).add(error.message)

    threads = [threading.Thread(target=fail_with, args=(f"wrong{index}",)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, seen in messages.items():
        assert len(seen) == 1 and name in next(iter(seen)), f"{name}: {seen}"
    assert len(messages) == 4


def test_library_not_found_names_every_place(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("STRATA_LIBRARY", raising=False)
    monkeypatch.setattr(_library, "bundled_path", lambda: str(tmp_path / "libstrata.so"))
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(OSError) as caught:
        _library._load_first()
    message = str(caught.value)
    for place in ("$STRATA_LIBRARY", str(tmp_path / "libstrata.so"), 'find_library("strata")'):
        assert place in message, message


def test_library_from_environment_that_fails_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    bogus = tmp_path / "libstrata.so"
    bogus.write_bytes(b"not a library")
    monkeypatch.setenv("STRATA_LIBRARY", str(bogus))
    with pytest.raises(OSError, match=r"\$STRATA_LIBRARY"):
        _library._load_first()


def test_environment_variable_comes_first() -> None:
    expected = os.environ.get("STRATA_LIBRARY")
    if not expected:
        pytest.skip("STRATA_LIBRARY is not set (Scripts/test-python sets it)")
    assert _library.candidates()[0] == ("$STRATA_LIBRARY", expected)
