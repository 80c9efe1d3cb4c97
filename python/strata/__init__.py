"""Strata from Python: run ONNX and built-in CNNs on numpy arrays through libstrata's C API.

    import numpy as np, strata
    with strata.Model("seednet") as model:
        probabilities = model.run(np.zeros((1, 1, 28, 28), np.float32))["softmax"]

``strata.__version__`` is the loaded library's version (strata_version()).
"""

from __future__ import annotations

from typing import Any

from .errors import StrataError
from .model import Model
from .tensor_info import TensorInfo

__all__ = ["Model", "StrataError", "TensorInfo", "library_version"]


def library_version() -> str:
    """The version of the loaded libstrata, "MAJOR.MINOR.PATCH" (loads it if needed)."""
    from ._capi import api

    return api().strata_version().decode()


def __getattr__(name: str) -> Any:
    # __version__ is computed on first use, so `import strata` works before the library is
    # found (the error then comes from the first Model, with where it looked).
    if name == "__version__":
        return library_version()
    raise AttributeError(f"module 'strata' has no attribute {name!r}")
