"""Runs a model through strata_model_run_alloc, with numpy arrays in and out.

Per-call overhead matters (the target is a Python run within 1.3x of Swift's on a model
that takes ~330 us), so the ctypes structs are built once per thread and a call writes only
the fields that changed (always the data address; name, rank and shape when they differ
from the previous call's). Per thread, because a model may be run from many Python threads
at once and ctypes releases the GIL during the call.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from ._capi import API, MAX_RANK, strata_input, strata_output
from ._convert import as_float32
from ._options import c_string
from .errors import StrataError

Inputs = Any  # Mapping[str, array-like], or one array-like for a one-input model.

_memmove = ctypes.memmove
_addressof = ctypes.addressof
_byte_view = ctypes.c_char.from_buffer
_UNSET = object()  # A slot's name before its first call (None is a valid name: NULL).


def _address(array: np.ndarray) -> int:
    """The address of ``array``'s first element.

    ``array.ctypes.data`` builds a helper object per call (microseconds, a few percent of a
    small model's run); a ctypes view of the buffer is a fraction of that. It needs a
    writable, non-empty buffer: other arrays take the slow path.
    """
    try:
        return _addressof(_byte_view(array))
    except (TypeError, ValueError):
        return array.ctypes.data


class _Slot:
    """One strata_input struct, its shape storage, and what it holds now."""

    __slots__ = ("struct", "dims", "name", "shape")

    def __init__(self, struct: strata_input) -> None:
        self.struct = struct
        self.dims = (ctypes.c_int64 * MAX_RANK)()
        struct.shape = ctypes.cast(self.dims, ctypes.POINTER(ctypes.c_int64))
        self.name: Any = _UNSET
        self.shape: Optional[Tuple[int, ...]] = None

    def fill(self, name: Optional[bytes], array: np.ndarray) -> None:
        """Points the struct at ``array``; rewrites name and shape only when they changed."""
        struct = self.struct
        if name is not self.name:  # Encoded names are cached, so identity means equality.
            struct.name = name
            self.name = name
        struct.data = _address(array)
        shape = array.shape
        if shape != self.shape:
            rank = len(shape)
            struct.rank = rank
            if rank <= MAX_RANK:  # Above it the library refuses the rank before reading dims.
                self.dims[:rank] = shape
            self.shape = shape


class _Scratch:
    """One thread's structs for one model: an input slot per graph input, and the outputs
    struct array of a default run (every graph output, by name)."""

    def __init__(self, input_count: int, output_names: Sequence[bytes]) -> None:
        self.inputs = (strata_input * input_count)()
        self.slots = [_Slot(self.inputs[index]) for index in range(input_count)]
        self.outputs = _output_structs(output_names)
        self.output_views = [self.outputs[index] for index in range(len(output_names))]


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
        self.free = api.strata_free
        self.input_count = len(input_names)
        self.output_names = list(output_names)
        self._encoded_outputs = [name.encode("utf-8") for name in output_names]
        # str -> bytes for the model's input names (others are encoded per call, and the
        # library refuses them with a message naming the right ones).
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
        items = self._converted(inputs)
        # `items` holds the arrays the structs point into until the call returns.
        if len(items) == self.input_count:
            slots = scratch.slots
            for index, (name, array) in enumerate(items):
                slots[index].fill(name, array)
            structs = scratch.inputs
        else:
            structs = _fresh_inputs(items)  # For the library to refuse, with its message.
        if names is None:
            outputs, views, result_names = scratch.outputs, scratch.output_views, self.output_names
        else:
            result_names = _checked_names(names)
            outputs = _output_structs([self._encode(name) for name in result_names])
            views = [outputs[index] for index in range(len(result_names))]
        status = self.run_alloc(handle, structs, len(items), outputs, len(result_names))
        if status:
            raise self.api.error(status)
        return self._collect(views, result_names)

    def _encode(self, name: str) -> bytes:
        encoded = self._encoded.get(name)
        return c_string(name.encode("utf-8"), "the name") if encoded is None else encoded

    def _converted(self, inputs: Inputs) -> List[Tuple[Optional[bytes], np.ndarray]]:
        """(encoded name or None, float32 C-order array) per input, in the caller's order."""
        if isinstance(inputs, dict) or isinstance(inputs, Mapping):  # dict first: cheaper.
            items: List[Tuple[Optional[bytes], np.ndarray]] = []
            for name, value in inputs.items():
                if not isinstance(name, str):
                    raise TypeError(f"input names must be str, got {name!r}")
                items.append((self._encode(name), as_float32(value, name)))
            return items
        if isinstance(inputs, (list, tuple)) and self.input_count > 1:
            raise TypeError(f"the model has {self.input_count} inputs; pass a dict {{input name: array}}, "
                            f"not a {type(inputs).__name__}")
        # A bare array: a NULL name, which the library accepts for a one-input model only.
        return [(None, as_float32(inputs, None))]

    def _collect(self, views: Sequence[strata_output], names: Sequence[str]) -> Dict[str, np.ndarray]:
        """Copies each library-allocated output into a new numpy array and frees the buffer
        (every buffer, even when a copy fails)."""
        result: Dict[str, np.ndarray] = {}
        try:
            for output, name in zip(views, names):
                array = np.empty(tuple(output.shape[:output.rank]), dtype=np.float32)
                count = output.capacity
                data = output.data
                # Never after a successful run_alloc (capacity is the shape's element count,
                # data set when it is > 0); checked because trusting it would be a crash.
                if count != array.size or (count and not data):
                    raise StrataError("STRATA_ERROR_INTERNAL", f"output '{name}': the library returned "
                                      f"{count} floats at {data} for shape {array.shape}")
                if count:
                    _memmove(_address(array), data, count * 4)
                result[name] = array
        finally:
            free = self.free
            for output in views:
                data = output.data
                if data:
                    free(data)
                    output.data = None
        return result


def _fresh_inputs(items: Sequence[Tuple[Optional[bytes], np.ndarray]]) -> ctypes.Array:
    """Structs for a call with another number of inputs than the model has."""
    structs = (strata_input * len(items))()
    slots = [_Slot(structs[index]) for index in range(len(items))]
    for slot, (name, array) in zip(slots, items):
        slot.fill(name, array)
    structs._strata_slots = slots  # type: ignore[attr-defined]  # Keeps the dims alive.
    return structs


def _checked_names(names: Sequence[str]) -> List[str]:
    if isinstance(names, (str, bytes)):
        raise TypeError(f"outputs/layers must be a list of names, got the single string {names!r}")
    result = list(names)
    for name in result:
        if not isinstance(name, str):
            raise TypeError(f"output and layer names must be str, got {name!r}")
    return result
