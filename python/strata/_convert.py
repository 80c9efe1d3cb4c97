"""Turns what callers pass as tensors into the float32 C-order arrays the C API reads."""

from __future__ import annotations

from typing import Any

import numpy as np

# bool, signed and unsigned integers, floats: converted to float32 (Strata computes in
# float32 only; large int64 values round, as they would in any float32 engine).
_NUMERIC_KINDS = frozenset("biuf")


def as_float32(value: Any, what: str) -> np.ndarray:
    """``value`` as a C-contiguous float32 ndarray, without a copy when it already is one.

    Args:
        value: an ndarray or anything np.asarray takes (nested lists, scalars).
        what: names the tensor in error messages, such as ``"input 'x'"``.

    Returns:
        The same array when it is float32 and C-contiguous, else a converted copy.

    Raises:
        TypeError: the values are not real numbers (object, string, complex, datetime,
            structured dtypes, or ragged nested lists).
    """
    if type(value) is np.ndarray and value.dtype == np.float32 and value.flags.c_contiguous:
        return value  # The common case, kept cheap: no call into numpy's conversion.
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # Ragged nested lists.
        raise TypeError(f"{what}: cannot make a numeric array of it ({error})") from error
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(
            f"{what} has dtype {array.dtype}; Strata takes real numbers (float32, or bool, integer "
            f"and float arrays, converted to float32)"
        )
    return np.ascontiguousarray(array, dtype=np.float32)
