"""Shared helpers for the strata tests: paths, onnxruntime as the reference, the seednet
ONNX graph built from Scripts/make-golden's own definition.

Run through Scripts/test-python (sets STRATA_LIBRARY to the just-built library and
STRATA_ENGINE_BENCH to the engine-bench that exports the golden seednet weights).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import subprocess
import sys
from types import ModuleType
from typing import Dict, Mapping, Optional, Sequence

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ONNX_FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "onnx")
GOLDEN_FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "golden")

# The package in this tree (Scripts/test-python sets PYTHONPATH too; this covers a bare
# `python3 -m pytest python/tests`).
sys.path.insert(0, os.path.join(ROOT, "python"))

import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402

#: Relative Frobenius error allowed against onnxruntime (as Tests/C and ONNXConformanceTests).
RTOL = 1e-4


def fixture(name: str) -> str:
    """The path of Tests/Fixtures/onnx/NAME.onnx."""
    return os.path.join(ONNX_FIXTURES, f"{name}.onnx")


def relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    """||actual - expected||_2 / ||expected||_2 in float64 (TensorComparison.relativeError);
    the absolute norm when expected is all zeros."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    difference = float(np.linalg.norm((actual - expected).ravel()))
    scale = float(np.linalg.norm(expected.ravel()))
    return difference / scale if scale > 0 else difference


def assert_close(actual: np.ndarray, expected: np.ndarray, label: str) -> None:
    """Same shape and relative error at most RTOL."""
    assert actual.dtype == np.float32, f"{label}: dtype {actual.dtype}"
    assert actual.shape == expected.shape, f"{label}: shape {actual.shape}, onnxruntime {expected.shape}"
    error = relative_error(actual, expected)
    assert error <= RTOL, f"{label}: relative error {error:.3g} against onnxruntime > {RTOL}"


def onnxruntime_run(model: "str | bytes", inputs: Mapping[str, np.ndarray],
                    outputs: Optional[Sequence[str]] = None) -> Dict[str, np.ndarray]:
    """onnxruntime's outputs (CPU, 1 thread, no graph optimizations: every op as written)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    names = list(outputs) if outputs is not None else [output.name for output in session.get_outputs()]
    return dict(zip(names, session.run(names, dict(inputs))))


def with_every_value_as_output(model: onnx.ModelProto) -> onnx.ModelProto:
    """A copy of ``model`` whose graph also outputs every node's outputs (so onnxruntime
    reports intermediate values, the reference for feature maps)."""
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    existing = {output.name for output in copy.graph.output}
    for node in copy.graph.node:
        for name in node.output:
            if name and name not in existing:
                copy.graph.output.append(onnx.ValueInfoProto(name=name))
                existing.add(name)
    return copy


def seeded_inputs(model: onnx.ModelProto, seed: int, sizes: Optional[Mapping[str, int]] = None) -> Dict[str, np.ndarray]:
    """uniform(-1, 1) float32 values for every graph input, symbolic dims from ``sizes``."""
    rng = np.random.default_rng(seed)
    initializers = {initializer.name for initializer in model.graph.initializer}
    result = {}
    for graph_input in model.graph.input:
        if graph_input.name in initializers:
            continue
        shape = [dim.dim_value if dim.HasField("dim_value") else (sizes or {})[dim.dim_param]
                 for dim in graph_input.type.tensor_type.shape.dim]
        result[graph_input.name] = rng.uniform(-1, 1, shape).astype(np.float32)
    return result


def _load_make_golden() -> ModuleType:
    """Scripts/make-golden as a module (it has no .py suffix; main() is not run)."""
    path = os.path.join(ROOT, "Scripts", "make-golden")
    loader = importlib.machinery.SourceFileLoader("make_golden", path)
    spec = importlib.util.spec_from_loader("make_golden", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def make_golden() -> ModuleType:
    return _load_make_golden()


@pytest.fixture(scope="session")
def seednet_weights(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The golden seednet weights (`engine-bench export seednet --size 28 --classes 10
    --seed 1`: what Scripts/make-golden gave onnxruntime), as a safetensors path."""
    engine_bench = os.environ.get("STRATA_ENGINE_BENCH") or os.path.join(ROOT, ".build", "debug", "engine-bench")
    if not os.path.exists(engine_bench):
        pytest.fail(f"engine-bench not found at {engine_bench}: run through Scripts/test-python "
                    "(or swift build --product engine-bench and set STRATA_ENGINE_BENCH)")
    path = str(tmp_path_factory.mktemp("seednet") / "seednet-golden-weights.safetensors")
    subprocess.run([engine_bench, "export", "seednet", "--size", "28", "--classes", "10", "--seed", "1",
                    "--out", path], check=True, stdout=subprocess.DEVNULL)
    return path


@pytest.fixture(scope="session")
def seednet_onnx(make_golden: ModuleType, seednet_weights: str) -> onnx.ModelProto:
    """Seednet as ONNX: make-golden's own definition of the architecture (not Strata's) with
    the golden weights, input [1, 1, 28, 28], output "softmax"."""
    weights = make_golden.Weights(make_golden.read_safetensors(seednet_weights))
    builder = make_golden.OnnxBuilder(weights)
    output = make_golden.seednet(builder, "input", 28)
    weights.check_all_used("seednet")
    return builder.model([1, 1, 28, 28], output, [1, make_golden.CLASSES], "seednet")
