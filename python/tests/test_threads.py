"""One Model run from several Python threads at once gives each thread exactly the result
it gets alone (the library releases the GIL; the handle is shared, the structs per thread)."""

from __future__ import annotations

import threading
from typing import Dict, List

import numpy as np
import onnx

import strata
from conftest import fixture, seeded_inputs

THREADS = 6
RUNS = 15


def test_threads_share_one_model() -> None:
    graph = onnx.load(fixture("symbolic_hw_conv_pool"))
    # Each thread its own size and values, so a mixed-up struct or plan shows.
    sizes = [{"height": 24 + 4 * index, "width": 20 + 2 * index} for index in range(THREADS)]
    inputs = [seeded_inputs(graph, 300 + index, sizes[index]) for index in range(THREADS)]
    with strata.Model(fixture("symbolic_hw_conv_pool"), threads=1) as model:
        alone = [model.run(inputs[index])["logits"] for index in range(THREADS)]
        results: Dict[int, List[np.ndarray]] = {index: [] for index in range(THREADS)}
        failures: List[BaseException] = []
        start = threading.Barrier(THREADS)

        def work(index: int) -> None:
            try:
                start.wait()
                for _ in range(RUNS):
                    results[index].append(model.run(inputs[index])["logits"])
            except BaseException as error:  # Reported below, with the thread's index.
                failures.append(error)

        threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not failures, failures
    for index in range(THREADS):
        assert len(results[index]) == RUNS
        for run, value in enumerate(results[index]):
            np.testing.assert_array_equal(value, alone[index], err_msg=f"thread {index} (seed {300 + index}) run {run}")
