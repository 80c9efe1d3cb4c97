"""ctypes declarations of Strata's C API, mirroring include/strata.h field by field.

Every struct here has the exact layout of its C counterpart (same field order and C
types), and every function its exact argument and result types: ctypes checks nothing
against the header, so a change to strata.h must be copied here by hand.
"""

from __future__ import annotations

import ctypes
import threading
from ctypes import POINTER, Structure, c_char_p, c_int, c_int32, c_int64, c_size_t, c_void_p
from typing import Any, Callable, Optional

from . import _library
from .errors import StrataError

#: strata.h's STRATA_VERSION: the header this module mirrors.
HEADER_VERSION = "0.13.0"
#: STRATA_MAX_RANK: the most dimensions a tensor has in the API.
MAX_RANK = 8
#: strata_status values (an enum: int in C).
STRATA_OK = 0
STRATA_ERROR_INTERNAL = 8
#: strata_element_type values (ONNX TensorProto.DataType codes).
STRATA_FLOAT32 = 1

# Handles are opaque pointers; c_void_p carries them as Python ints.
ModelHandle = c_void_p


class strata_dimension(Structure):
    """``struct strata_dimension``: a size for a named symbolic dimension."""

    _fields_ = [("name", c_char_p), ("size", c_int64)]


class strata_options(Structure):
    """``struct strata_options``: how a model is made (start from strata_options_default)."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("threads", c_int32),
        ("weights_path", c_char_p),
        ("batch", c_int64),
        ("image_size", c_int64),
        ("memory_limit", c_int64),
        ("dimensions", POINTER(strata_dimension)),
        ("n_dimensions", c_size_t),
        ("weights_data", c_void_p),
        ("weights_size", c_size_t),
    ]


class strata_input(Structure):
    """``struct strata_input``: one named input tensor (float32, C order)."""

    _fields_ = [
        ("name", c_char_p),
        ("data", c_void_p),  # const float *: a numpy array's address.
        ("rank", c_size_t),
        ("shape", POINTER(c_int64)),
    ]


class strata_output(Structure):
    """``struct strata_output``: one requested output; shape and rank are written by a run."""

    _fields_ = [
        ("name", c_char_p),
        ("data", c_void_p),  # float *: caller's buffer, or the library's after run_alloc.
        ("capacity", c_size_t),
        ("shape", c_int64 * MAX_RANK),
        ("rank", c_size_t),
    ]


_status = c_int
_size_out = POINTER(c_size_t)
_name_out = POINTER(c_char_p)

# name: (restype, argtypes), in strata.h's order.
_SIGNATURES: dict[str, tuple[Any, list[Any]]] = {
    "strata_version": (c_char_p, []),
    "strata_status_name": (c_char_p, [c_int]),
    "strata_last_error": (c_char_p, []),
    "strata_options_default": (strata_options, []),
    "strata_model_create_from_file": (_status, [c_char_p, POINTER(strata_options), POINTER(ModelHandle)]),
    "strata_model_create_from_memory": (_status, [c_void_p, c_size_t, POINTER(strata_options), POINTER(ModelHandle)]),
    "strata_model_release": (_status, [ModelHandle]),
    "strata_model_input_count": (_status, [ModelHandle, _size_out]),
    "strata_model_input_name": (_status, [ModelHandle, c_size_t, _name_out]),
    "strata_model_input_shape": (_status, [ModelHandle, c_size_t, POINTER(c_int64), c_size_t, _size_out]),
    "strata_model_output_count": (_status, [ModelHandle, _size_out]),
    "strata_model_output_name": (_status, [ModelHandle, c_size_t, _name_out]),
    "strata_model_input_type": (_status, [ModelHandle, c_size_t, POINTER(c_int)]),
    "strata_model_output_type": (_status, [ModelHandle, c_size_t, POINTER(c_int)]),
    "strata_model_output_shape": (_status, [ModelHandle, c_size_t, POINTER(c_int64), c_size_t, _size_out]),
    "strata_model_layer_count": (_status, [ModelHandle, _size_out]),
    "strata_model_layer_name": (_status, [ModelHandle, c_size_t, _name_out]),
    # char ** out_text: a c_void_p so the pointer survives to be passed to strata_free
    # (a c_char_p result would be turned into bytes and the address lost).
    "strata_model_summary": (_status, [ModelHandle, POINTER(strata_input), c_size_t, POINTER(c_void_p)]),
    "strata_model_set_threads": (_status, [ModelHandle, c_int32]),
    "strata_model_run": (_status, [ModelHandle, POINTER(strata_input), c_size_t, POINTER(strata_output), c_size_t]),
    "strata_model_run_alloc": (_status, [ModelHandle, POINTER(strata_input), c_size_t, POINTER(strata_output), c_size_t]),
    "strata_free": (None, [c_void_p]),
}


class API:
    """The library's functions as attributes (``api.strata_model_run(...)``).

    A function the loaded library does not export (a library older than this package) is
    replaced by a stub that raises StrataError naming it, so the rest stays usable.
    """

    def __init__(self, library: ctypes.CDLL) -> None:
        self.library = library
        for name, (restype, argtypes) in _SIGNATURES.items():
            try:
                function = getattr(library, name)
            except AttributeError:
                setattr(self, name, _missing(name))
                continue
            function.restype = restype
            function.argtypes = argtypes
            setattr(self, name, function)

    def check(self, status: int) -> None:
        """Raises StrataError (status name and strata_last_error()) unless status is STRATA_OK.

        Must run on the thread that made the failing call: the message is per thread.
        """
        if status != STRATA_OK:
            raise self.error(status)

    def error(self, status: int) -> StrataError:
        """The StrataError for a failed call's status, with this thread's last error."""
        name = self.strata_status_name(status).decode()  # type: ignore[attr-defined]
        message = self.strata_last_error().decode("utf-8", "replace")  # type: ignore[attr-defined]
        return StrataError(name, message, code=status)


def _missing(name: str) -> Callable[..., Any]:
    def stub(*_: Any) -> Any:
        version = api().strata_version().decode()  # type: ignore[attr-defined]
        raise StrataError(
            "STRATA_ERROR_INTERNAL",
            f"the loaded libstrata ({version}) does not export {name}; it is older than this package "
            f"(written for strata.h {HEADER_VERSION}): rebuild it (Scripts/install-python)",
            code=STRATA_ERROR_INTERNAL,
        )

    return stub


_api_lock = threading.Lock()
_api: Optional[API] = None


def api() -> API:
    """The bound API of the process's libstrata (loaded on first use, see _library.load)."""
    global _api
    with _api_lock:
        if _api is None:
            _api = API(_library.load())
        return _api
