"""Reads a model's signature (inputs, outputs, layers) through the C API's query calls."""

from __future__ import annotations

import ctypes
from typing import Callable, List, Optional, Tuple

import numpy as np

from ._capi import API, MAX_RANK, STRATA_FLOAT32
from .errors import StrataError
from .tensor_info import TensorInfo

_DTYPES = {STRATA_FLOAT32: np.float32}


def names(api: API, handle: int, count_function: Callable[..., int], name_function: Callable[..., int]) -> List[str]:
    """Every name a count/name function pair gives (inputs, outputs or layers), in order."""
    count = ctypes.c_size_t()
    api.check(count_function(handle, ctypes.byref(count)))
    result = []
    name = ctypes.c_char_p()
    for index in range(count.value):
        api.check(name_function(handle, index, ctypes.byref(name)))
        result.append((name.value or b"").decode("utf-8"))
    return result


def shape(api: API, handle: int, shape_function: Callable[..., int], index: int) -> Tuple[Optional[int], ...]:
    """One input's or output's shape, None where the library reports -1 (symbolic)."""
    dims = (ctypes.c_int64 * MAX_RANK)()
    rank = ctypes.c_size_t()
    api.check(shape_function(handle, index, dims, MAX_RANK, ctypes.byref(rank)))
    return tuple(None if dims[axis] < 0 else int(dims[axis]) for axis in range(rank.value))


def dtype(api: API, handle: int, type_function: Callable[..., int], index: int) -> type:
    """One input's or output's numpy type."""
    code = ctypes.c_int()
    api.check(type_function(handle, index, ctypes.byref(code)))
    try:
        return _DTYPES[code.value]
    except KeyError:
        raise StrataError("STRATA_ERROR_INTERNAL", f"element type {code.value} is not known to this package") from None


def inputs(api: API, handle: int) -> List[TensorInfo]:
    """The model's graph inputs."""
    return [
        TensorInfo(name, shape(api, handle, api.strata_model_input_shape, index),
                   dtype(api, handle, api.strata_model_input_type, index))
        for index, name in enumerate(names(api, handle, api.strata_model_input_count, api.strata_model_input_name))
    ]


def outputs(api: API, handle: int) -> List[TensorInfo]:
    """The model's graph outputs. A shape the library cannot work out before a run
    (STRATA_ERROR_SHAPE: the graph does not build at its trial sizes) is None."""
    result = []
    for index, name in enumerate(names(api, handle, api.strata_model_output_count, api.strata_model_output_name)):
        try:
            output_shape: Optional[Tuple[Optional[int], ...]] = shape(api, handle, api.strata_model_output_shape, index)
        except StrataError as error:
            if error.status != "STRATA_ERROR_SHAPE":
                raise
            output_shape = None
        result.append(TensorInfo(name, output_shape, dtype(api, handle, api.strata_model_output_type, index)))
    return result
