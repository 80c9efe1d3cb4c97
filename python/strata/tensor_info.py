"""TensorInfo: what a model says about one of its inputs or outputs."""

from __future__ import annotations

from typing import NamedTuple, Optional, Tuple


class TensorInfo(NamedTuple):
    """One graph input or output of a Model.

    Attributes:
        name: the graph's name for it (the key of Model.run's dicts).
        shape: its dimensions; None for a symbolic dimension (bound by each run's inputs).
            For an output whose shape the library could not work out before a run, the
            whole shape is None.
        dtype: the numpy type of its values (always numpy.float32 in this version).
    """

    name: str
    shape: Optional[Tuple[Optional[int], ...]]
    dtype: type
