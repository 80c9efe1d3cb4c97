"""strata.Model: a Strata model (ONNX or built-in) behind a C API handle."""

from __future__ import annotations

import ctypes
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import numpy as np

from . import _capi, _queries
from ._options import Options, Weights
from ._run import Inputs, Runner
from .errors import StrataError
from .tensor_info import TensorInfo

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
ShapeLike = Sequence[int]


class Model:
    """A model ready to run on numpy arrays: an ONNX graph or a built-in architecture.

    Tensors are float32 in C order (NCHW for images). Inputs of another numeric dtype
    (float64, integers, bool) or layout are converted; non-numeric ones raise TypeError.
    A Model may be run from many threads at once (the library releases the GIL while it
    computes). Release it with close() or a ``with`` block; it is also released when
    garbage collected.

    Args:
        source: a path to an ``.onnx`` file, a built-in model name (``"seednet"``,
            ``"resnet18"``, ``"resnet34"``, ``"resnet50"``, ``"vgg11"``, ``"vgg16"``,
            ``"mobilenetv2"``), or the bytes of an ONNX file.
        threads: threads the kernels run on; None or 0: the process default
            (STRATA_NUM_THREADS, else one per core).
        weights: built-in models only: a safetensors file (path or bytes) of PyTorch
            state_dict names; None: seeded weights (seed 1, as ``strata run NAME``).
        batch: built-in models: the batch size (default 1); ONNX: fixes a symbolic first
            dimension of every input.
        image_size: built-in models only: input height and width (default 28 for seednet,
            224 for the others).
        dimensions: ONNX only: sizes of named symbolic dimensions, such as
            ``{"height": 64}`` (onnxruntime's free dimension overrides).
        memory_limit: the most bytes one compiled plan may take (None: the process limit).

    Raises:
        StrataError: the library refused the model (``.status`` ``"STRATA_ERROR_INVALID_MODEL"``
            for a missing, malformed or unsupported file; ``"STRATA_ERROR_INVALID_ARGUMENT"``
            for options that do not apply, ...).
        TypeError: an argument of the wrong Python type.
        OSError: libstrata could not be found or loaded.
    """

    _handle: Optional[int] = None  # Class default: __del__ works even if __init__ failed.
    _closed = True

    def __init__(
        self,
        source: Source,
        threads: Optional[int] = None,
        weights: Optional[Weights] = None,
        batch: Optional[int] = None,
        image_size: Optional[int] = None,
        dimensions: Optional[Mapping[str, int]] = None,
        memory_limit: Optional[int] = None,
    ) -> None:
        api = _capi.api()
        self._api = api
        options = Options(api, threads, weights, batch, image_size, dimensions, memory_limit)
        handle = _capi.ModelHandle()
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            status = api.strata_model_create_from_memory(data, len(data), ctypes.byref(options.struct), ctypes.byref(handle))
            self._source = f"<{len(data)} bytes of ONNX>"
        elif isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            status = api.strata_model_create_from_file(os.fsencode(path), ctypes.byref(options.struct), ctypes.byref(handle))
            self._source = path
        else:
            raise TypeError(f"Model takes a path, a built-in model name or ONNX bytes, got {type(source).__name__}")
        api.check(status)
        self._handle = handle.value
        self._closed = False
        self._inputs = _queries.inputs(api, self._handle)
        self._outputs = _queries.outputs(api, self._handle)
        self._layers: Optional[List[str]] = None
        self._runner = Runner(api, [info.name for info in self._inputs], [info.name for info in self._outputs])

    @property
    def inputs(self) -> List[TensorInfo]:
        """The graph inputs: name, shape (None for symbolic dimensions), dtype."""
        return list(self._inputs)

    @property
    def outputs(self) -> List[TensorInfo]:
        """The graph outputs: name, shape (None where it depends on symbolic input sizes), dtype."""
        return list(self._outputs)

    @property
    def layers(self) -> List[str]:
        """Every layer's name in execution order (graph inputs included): the names
        feature_maps takes. For symbolic inputs, the layers of the graph built at 224."""
        if self._layers is None:
            self._layers = _queries.names(self._api, self._handle, self._api.strata_model_layer_count,
                                          self._api.strata_model_layer_name)
        return list(self._layers)

    @property
    def closed(self) -> bool:
        """True once close() has released the model."""
        return self._closed

    def run(self, inputs: Inputs, outputs: Optional[Sequence[str]] = None) -> Dict[str, np.ndarray]:
        """Runs the model.

        Args:
            inputs: ``{input name: array}``, one entry per graph input; or one array for a
                model with one input. Shapes must fit the graph's (symbolic dimensions take
                any size the layers accept).
            outputs: names of the graph outputs (or layers) to return; None: every graph output.

        Returns:
            ``{name: float32 ndarray}`` in the order of ``outputs`` (graph order by default);
            new arrays owned by the caller.

        Raises:
            StrataError: an unknown or missing input name, a wrong shape
                (``"STRATA_ERROR_SHAPE"``), a closed model (``"STRATA_ERROR_INVALID_HANDLE"``),
                the memory limit, ...; the message is the library's.
            TypeError: a non-numeric input or a non-str name.
        """
        return self._runner.run(self._handle, inputs, outputs)

    def feature_maps(self, inputs: Inputs, layers: Optional[Sequence[str]] = None) -> Dict[str, np.ndarray]:
        """Runs the model and returns the outputs of ``layers`` (None: every layer, see
        ``layers``), as ``{layer name: float32 ndarray}``; inputs and errors as run()."""
        return self._runner.run(self._handle, inputs, self.layers if layers is None else layers)

    def summary(self, input_shapes: Union[None, ShapeLike, Mapping[str, ShapeLike]] = None) -> str:
        """A table of every layer: name, operator, output shape, parameters, multiply-adds,
        receptive field (what ``strata summary`` prints).

        Args:
            input_shapes: None for a model without symbolic dimensions; one shape (a
                sequence of ints) for a one-input model; or ``{input name: shape}``.

        Raises:
            StrataError: shapes the model cannot take, unknown names, a closed model.
        """
        if input_shapes is None:
            entries: List[Any] = []
        elif isinstance(input_shapes, Mapping):
            entries = [(name.encode("utf-8"), shape) for name, shape in input_shapes.items()]
        else:
            entries = [(None, input_shapes)]
        structs = (_capi.strata_input * len(entries))()
        keep = []
        for slot, (name, shape) in enumerate(entries):
            dims = (ctypes.c_int64 * len(shape))(*[int(size) for size in shape])
            keep.append(dims)
            structs[slot].name = name
            structs[slot].rank = len(shape)
            structs[slot].shape = ctypes.cast(dims, ctypes.POINTER(ctypes.c_int64))
        text = ctypes.c_void_p()
        self._api.check(self._api.strata_model_summary(self._handle, structs, len(entries), ctypes.byref(text)))
        try:
            return ctypes.string_at(text.value).decode("utf-8")
        finally:
            self._api.strata_free(text)

    def set_threads(self, threads: int) -> None:
        """Sets the threads later runs use (> 0: that many, clamped to the cores; 0: the
        process default). Raises StrataError for threads < 0 or a closed model."""
        if isinstance(threads, bool) or not isinstance(threads, int):
            raise TypeError(f"threads must be an int, got {threads!r}")
        self._api.check(self._api.strata_model_set_threads(self._handle, threads))

    def close(self) -> None:
        """Releases the model. Later calls raise StrataError (STRATA_ERROR_INVALID_HANDLE);
        closing again does nothing. Do not close while another thread is running it."""
        if self._closed:
            return
        self._closed = True
        # The library never reuses a released handle, so keeping the number lets later
        # calls get the library's own "already released" error.
        self._api.check(self._api.strata_model_release(self._handle))

    def __enter__(self) -> "Model":
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def __del__(self) -> None:
        # At interpreter exit module globals may already be gone; nothing to report then.
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{len(self._inputs)} inputs, {len(self._outputs)} outputs"
        return f"strata.Model({self._source!r}, {state})"
