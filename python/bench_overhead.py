#!/usr/bin/env python3
"""Per-call time of strata.Model.run on seednet at batch 1, one thread.

    python3 python/bench_overhead.py [--rounds 7] [--runs 500] [--model seednet]

Each round times --runs calls of ``model.run({"input": x})`` one by one (a fresh output
dict of numpy arrays each call, as a user gets it) and prints their median; the last line is
the median over rounds, in microseconds, in a parseable form:

    python-run-us 341.2

Each call alternates with a bare C call (strata_model_run through ctypes on structs
built once, into a preallocated buffer: the floor for any Python binding), printed as
``c-call-us``; ``python-overhead-us`` (what the package adds per call) and
``python-to-c-ratio`` are the medians of the per-round differences and ratios.

Compare it with Swift's Model.run on the same model and machine, in the same session (the
ratio, not the absolute time, is the figure: the target is at most 1.3x). Needs the
library as the package finds it (Scripts/install-python, or STRATA_LIBRARY pointing at a
release libStrataC.so: a debug build measures the debug engine).
"""

from __future__ import annotations

import argparse
import statistics
import time

import ctypes
from typing import Callable, List, Tuple

import numpy as np

import strata
from strata import _capi


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of timed runs (default 7)")
    parser.add_argument("--runs", type=int, default=500, help="runs per round (default 500)")
    parser.add_argument("--warmup", type=int, default=50, help="untimed runs first (default 50)")
    parser.add_argument("--model", default="seednet", help="built-in name or .onnx file (default seednet)")
    arguments = parser.parse_args()
    if arguments.rounds < 1 or arguments.runs < 1:
        parser.error("--rounds and --runs must be >= 1")

    with strata.Model(arguments.model, threads=1) as model:
        (info,) = model.inputs
        shape = tuple(1 if size is None else size for size in info.shape)
        x = np.random.default_rng(1).uniform(-1, 1, shape).astype(np.float32)
        inputs = {info.name: x}
        bare = _bare_call(model, x)
        for _ in range(arguments.warmup):
            model.run(inputs)
            bare()
        python_run, c_call = [], []
        for round_index in range(arguments.rounds):
            python_times, c_times = _interleaved(lambda: model.run(inputs), bare, arguments.runs)
            python_run.append(statistics.median(python_times))
            c_call.append(statistics.median(c_times))
            print(f"round {round_index + 1}: Model.run {python_run[-1]:.1f} us, bare C call {c_call[-1]:.1f} us "
                  f"(medians of {arguments.runs} calls)", flush=True)
    python_median, c_median = statistics.median(python_run), statistics.median(c_call)
    print(f"strata {strata.__version__}, {arguments.model} input {list(shape)}, 1 thread, "
          f"{arguments.rounds} rounds x {arguments.runs} runs")
    # Per round (the two timed side by side), then the median: steadier than the difference
    # of the two overall medians when the machine's load changes between rounds.
    overhead = statistics.median([p - c for p, c in zip(python_run, c_call)])
    ratio = statistics.median([p / c for p, c in zip(python_run, c_call)])
    print(f"c-call-us {c_median:.1f}")
    print(f"python-overhead-us {overhead:.1f}")
    print(f"python-to-c-ratio {ratio:.3f}")
    print(f"python-run-us {python_median:.1f}")


def _interleaved(first: Callable[[], object], second: Callable[[], object], runs: int) -> Tuple[List[float], List[float]]:
    """Microseconds of each call of ``first`` and ``second``, called alternately ``runs``
    times each: both see the same machine load, and medians drop preempted calls."""
    clock = time.perf_counter_ns
    first_times, second_times = [], []
    for _ in range(runs):
        started = clock()
        first()
        middle = clock()
        second()
        finished = clock()
        first_times.append((middle - started) / 1e3)
        second_times.append((finished - middle) / 1e3)
    return first_times, second_times


def _bare_call(model: strata.Model, x: np.ndarray) -> Callable[[], None]:
    """strata_model_run on structs built once, into one preallocated output buffer."""
    api = _capi.api()
    (info,), output = model.inputs, model.outputs[0]
    dims = (ctypes.c_int64 * x.ndim)(*x.shape)
    inputs = (_capi.strata_input * 1)()
    inputs[0].name = info.name.encode()
    inputs[0].data = x.ctypes.data
    inputs[0].rank = x.ndim
    inputs[0].shape = ctypes.cast(dims, ctypes.POINTER(ctypes.c_int64))
    result = np.empty(model.run({info.name: x})[output.name].shape, np.float32)
    outputs = (_capi.strata_output * 1)()
    outputs[0].name = output.name.encode()
    outputs[0].data = result.ctypes.data
    outputs[0].capacity = result.size
    run, handle = api.strata_model_run, model._handle

    def call() -> None:
        api.check(run(handle, inputs, 1, outputs, 1))

    # The structs hold raw addresses of dims, result and x: keep those alive with the call.
    call.keep = (dims, result, x)  # type: ignore[attr-defined]
    return call


if __name__ == "__main__":
    main()
