"""Runs a model through strata_model_run_alloc, with numpy arrays in and out.

Per-call overhead matters (the target is a Python run within 1.3x of Swift's on a model
that takes ~330 us), so the ctypes structs are built once per thread and only their
pointer, rank and shape fields are refilled per call. Per thread, because a model may be
run from many Python threads at once and ctypes releases the GIL during the call.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from ._capi import API, MAX_RANK, strata_input, strata_output
from ._convert import as_float32

Inputs = Any  # Mapping[str, array-like], or one array-like for a one-input model.

_memmove = ctypes.memmove


class _Scratch:
    """One thread's reusable input and default-output structs for one model."""

    def __init__(self, input_count: int, output_names: Sequence[bytes]) -> None:
        self.input_count = input_count
        self.inputs = (strata_input * input_count)()
        self.shapes = [(ctypes.c_int64 * MAX_RANK)() for _ in range(input_count)]
        for slot in range(input_count):
            self.inputs[slot].shape = ctypes.cast(self.shapes[slot], ctypes.POINTER(ctypes.c_int64))
        self.outputs = _output_structs(output_names)


def _output_structs(names: Sequence[Optional[bytes]]) -> ctypes.Array:
    array = (strata_output * len(names))()
    for slot, name in enumerate(names):
        array[slot].name = name
    return array


class Runner:
    """Fills the structs and converts results for one model handle."""

    def __init__(self, api: API, input_names: Sequence[str], output_names: Sequence[str]) -> None:
        self.api = api
        self.run_alloc = api.strata_model_run_alloc
        self.input_count = len(input_names)
        self.output_names = list(output_names)
        self._encoded_outputs = [name.encode("utf-8") for name in output_names]
        # str -> bytes for names seen so far (the model's inputs, and any others callers
        # pass, which the library refuses with a message naming the right ones).
        self._encoded: Dict[str, bytes] = {name: name.encode("utf-8") for name in input_names}
        self._local = threading.local()

    def _scratch(self) -> _Scratch:
        scratch: Optional[_Scratch] = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = _Scratch(self.input_count, self._encoded_outputs)
            self._local.scratch = scratch
        return scratch

    def run(self, handle: Optional[int], inputs: Inputs, names: Optional[Sequence[str]]) -> Dict[str, np.ndarray]:
        """Runs on ``inputs`` and returns the outputs called ``names`` (None: every graph output).

        Raises:
            TypeError: a non-numeric input, a non-str name.
            StrataError: whatever the library refuses (names, shapes, a closed model...).
        """
        scratch = self._scratch()
        keep = self._fill_inputs(scratch, inputs)  # The arrays the structs point into.
        if names is None:
            outputs = scratch.outputs
            result_names = self.output_names
        else:
            result_names = _checked_names(names)
            outputs = _output_structs([self._encode(name) for name in result_names])
        structs = scratch.inputs if len(keep) == scratch.input_count else _fresh_inputs(keep)
        status = self.run_alloc(handle, structs, len(keep), outputs, len(result_names))
        if status:
            raise self.api.error(status)
        return _collect(self.api, outputs, result_names)

    def _encode(self, name: str) -> bytes:
        encoded = self._encoded.get(name)
        if encoded is None:
            encoded = name.encode("utf-8")
        return encoded

    def _fill_inputs(self, scratch: _Scratch, inputs: Inputs) -> List[Tuple[Optional[bytes], np.ndarray]]:
        """Converts each input and, when their number is the model's, fills the thread's
        structs. Returns (encoded name or None, array) per input, in the caller's order."""
        if isinstance(inputs, Mapping):
            items: List[Tuple[Optional[bytes], np.ndarray]] = []
            for name, value in inputs.items():
                if not isinstance(name, str):
                    raise TypeError(f"input names must be str, got {name!r}")
                items.append((self._encode(name), as_float32(value, f"input '{name}'")))
        else:
            # A bare array: a NULL name, which the library accepts for a one-input model only.
            items = [(None, as_float32(inputs, "the input"))]
        if len(items) == scratch.input_count:
            for slot, (name, array) in enumerate(items):
                _fill(scratch.inputs[slot], scratch.shapes[slot], name, array)
        return items


def _fresh_inputs(items: Sequence[Tuple[Optional[bytes], np.ndarray]]) -> ctypes.Array:
    """Structs for a call with the wrong number of inputs, for the library to refuse with
    its message (the thread's scratch has exactly as many slots as the model has inputs)."""
    structs = (strata_input * len(items))()
    for slot, (name, array) in enumerate(items):
        shape = (ctypes.c_int64 * MAX_RANK)()
        structs[slot].shape = ctypes.cast(shape, ctypes.POINTER(ctypes.c_int64))
        _fill(structs[slot], shape, name, array)
    return structs


def _fill(struct: strata_input, shape: ctypes.Array, name: Optional[bytes], array: np.ndarray) -> None:
    struct.name = name
    struct.data = array.ctypes.data
    rank = array.ndim
    struct.rank = rank
    if rank <= MAX_RANK:
        shape[:rank] = array.shape
    # Above MAX_RANK the library refuses the rank before it reads the shape.


def _checked_names(names: Sequence[str]) -> List[str]:
    if isinstance(names, (str, bytes)):
        raise TypeError(f"outputs/layers must be a list of names, got the single string {names!r}")
    result = list(names)
    for name in result:
        if not isinstance(name, str):
            raise TypeError(f"output and layer names must be str, got {name!r}")
    return result


def _collect(api: API, outputs: ctypes.Array, names: Sequence[str]) -> Dict[str, np.ndarray]:
    """Copies each library-allocated output into a new numpy array and frees the buffer
    (every buffer, even when a copy fails)."""
    result: Dict[str, np.ndarray] = {}
    free = api.strata_free
    try:
        for slot, name in enumerate(names):
            output = outputs[slot]
            rank = output.rank
            array = np.empty(tuple(output.shape[:rank]), dtype=np.float32)
            if output.capacity:
                _memmove(array.ctypes.data, output.data, output.capacity * 4)
            result[name] = array
    finally:
        for slot in range(len(names)):
            output = outputs[slot]
            if output.data:
                free(output.data)
                output.data = None
    return result
