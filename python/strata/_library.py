"""Finds and loads libstrata, the shared library of Strata's C API (include/strata.h)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from typing import Optional

#: The environment variable naming the library file to load, checked first.
ENVIRONMENT_VARIABLE = "STRATA_LIBRARY"

_lock = threading.Lock()
_loaded: Optional[ctypes.CDLL] = None


def bundled_path() -> str:
    """The libstrata.so Scripts/install-python copies into this package's directory."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "libstrata.so")


def candidates() -> list[tuple[str, Optional[str]]]:
    """Where the library may be, in search order: (description, path or None if absent)."""
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE) or None
    bundled = bundled_path()
    return [
        (f"${ENVIRONMENT_VARIABLE}", from_environment),
        (f"the bundled {bundled}", bundled if os.path.exists(bundled) else None),
        ('ctypes.util.find_library("strata")', ctypes.util.find_library("strata")),
    ]


def load() -> ctypes.CDLL:
    """The loaded library (loaded once per process).

    Search order: the file $STRATA_LIBRARY names; the libstrata.so inside the package
    directory; ``ctypes.util.find_library("strata")`` (an installed ``-lstrata``).

    Raises:
        OSError: no candidate exists (the message names all three places), or the one found
            could not be loaded (a set $STRATA_LIBRARY that fails is not skipped silently).
    """
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = _load_first()
        return _loaded


def _load_first() -> ctypes.CDLL:
    searched = candidates()
    for description, path in searched:
        if path is None:
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as error:
            raise OSError(f"strata: could not load libstrata from {description} ({path}): {error}") from error
    places = "; ".join(description for description, _ in searched)
    raise OSError(
        "strata: libstrata not found. Looked in: " + places + ". Run Scripts/install-python from the "
        "Strata repository (builds the library and bundles it), or set STRATA_LIBRARY to a built "
        "libStrataC.so (swift build --product StrataC; swift build --show-bin-path)."
    )
