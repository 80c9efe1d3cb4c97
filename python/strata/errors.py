"""The exception a failed Strata C API call raises."""

from __future__ import annotations

from typing import Optional


class StrataError(Exception):
    """A Strata C API call did not return STRATA_OK.

    Attributes:
        status: the C status name, such as ``"STRATA_ERROR_SHAPE"`` (strata_status_name).
        message: what was wrong and what was expected (strata_last_error()).
        code: the numeric strata_status, when it came from the library.
    """

    def __init__(self, status: str, message: str, code: Optional[int] = None) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.code = code
