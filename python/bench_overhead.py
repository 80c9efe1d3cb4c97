#!/usr/bin/env python3
"""Per-call time of strata.Model.run on seednet at batch 1, one thread.

    python3 python/bench_overhead.py [--rounds 7] [--runs 500] [--model seednet]

Each round times --runs consecutive calls of ``model.run({"input": x})`` (a fresh output
dict of numpy arrays each call, as a user gets it) and prints the mean per call; the last
line is the median over rounds, in microseconds, in a parseable form:

    python-run-us 341.2

Compare it with Swift's Model.run on the same model and machine, in the same session (the
ratio, not the absolute time, is the figure: the target is at most 1.3x). Needs the
library as the package finds it (Scripts/install-python, or STRATA_LIBRARY pointing at a
release libStrataC.so: a debug build measures the debug engine).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import strata


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
        for _ in range(arguments.warmup):
            model.run(inputs)
        per_call = []
        for round_index in range(arguments.rounds):
            started = time.perf_counter()
            for _ in range(arguments.runs):
                model.run(inputs)
            elapsed = time.perf_counter() - started
            per_call.append(elapsed / arguments.runs * 1e6)
            print(f"round {round_index + 1}: {per_call[-1]:.1f} us per run", flush=True)
    print(f"strata {strata.__version__}, {arguments.model} input {list(shape)}, 1 thread, "
          f"{arguments.rounds} rounds x {arguments.runs} runs")
    print(f"python-run-us {statistics.median(per_call):.1f}")


if __name__ == "__main__":
    main()
