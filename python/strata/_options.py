"""Builds the strata_options struct Model's keyword arguments describe."""

from __future__ import annotations

import ctypes
import os
from typing import Any, List, Mapping, Optional, Union

from ._capi import API, strata_dimension, strata_options

Weights = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]


class Options:
    """A strata_options and the Python objects its pointers point into.

    The struct holds raw addresses (weights bytes, dimension names), so those objects are
    kept here until the create call has returned; keep the Options alive across the call.
    """

    def __init__(
        self,
        api: API,
        threads: Optional[int] = None,
        weights: Optional[Weights] = None,
        batch: Optional[int] = None,
        image_size: Optional[int] = None,
        dimensions: Optional[Mapping[str, int]] = None,
        memory_limit: Optional[int] = None,
    ) -> None:
        """Raises TypeError for arguments of the wrong Python type; the library checks values."""
        self.struct: strata_options = api.strata_options_default()
        self._keep: List[Any] = []
        self.struct.threads = _integer(threads, "threads")
        self.struct.batch = _integer(batch, "batch")
        self.struct.image_size = _integer(image_size, "image_size")
        self.struct.memory_limit = _integer(memory_limit, "memory_limit")
        if weights is not None:
            self._set_weights(weights)
        if dimensions:
            self._set_dimensions(dimensions)

    def _set_weights(self, weights: Weights) -> None:
        if isinstance(weights, (bytes, bytearray, memoryview)):
            data = bytes(weights)  # bytes: one immutable buffer whose address stays put.
            buffer = ctypes.c_char_p(data)
            self._keep += [data, buffer]
            self.struct.weights_data = ctypes.cast(buffer, ctypes.c_void_p)
            self.struct.weights_size = len(data)
        elif isinstance(weights, (str, os.PathLike)):
            self.struct.weights_path = os.fsencode(weights)
        else:
            raise TypeError(f"weights must be a safetensors path or its bytes, got {type(weights).__name__}")

    def _set_dimensions(self, dimensions: Mapping[str, int]) -> None:
        if not isinstance(dimensions, Mapping):
            raise TypeError(f"dimensions must map symbolic dimension names to sizes, got {type(dimensions).__name__}")
        array = (strata_dimension * len(dimensions))()
        for slot, (name, size) in enumerate(dimensions.items()):
            if not isinstance(name, str):
                raise TypeError(f"dimensions: names must be str, got {name!r}")
            array[slot].name = name.encode("utf-8")
            array[slot].size = _integer(size, f"dimensions[{name!r}]")
        self._keep.append(array)
        self.struct.dimensions = array
        self.struct.n_dimensions = len(dimensions)


def _integer(value: Optional[int], what: str) -> int:
    """0 for None (the library's default); the int itself (bools and floats refused)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int or None, got {value!r}")
    return value
