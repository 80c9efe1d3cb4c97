"""The model side: which Strata model to load, and the classifier each Ray actor holds."""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from typing import Optional

import numpy as np
import strata

from preprocess import to_model_input


@dataclass(frozen=True)
class ModelSpec:
    """How to load the model: a built-in name ("resnet18", "mobilenetv2", "seednet", ...)
    or an .onnx path, the built-in input size (None: the model's default), and a safetensors
    weights file for a built-in model (None: Strata's seeded weights)."""

    source: str
    image_size: Optional[int] = None
    weights: Optional[str] = None

    def load(self, threads: int = 1) -> strata.Model:
        """Loads the model with `threads` kernel threads, batch 1.

        Raises:
            strata.StrataError: the library refused the model or its options.
        """
        return strata.Model(self.source, threads=threads, weights=self.weights, image_size=self.image_size)


def input_geometry(model: strata.Model) -> tuple[int, int]:
    """(size, channels) of the model's single image input [1 or N, C, size, size].

    Raises:
        ValueError: the model has several inputs, or its input is not a square image of
            fixed size with 1 or 3 channels.
    """
    if len(model.inputs) != 1:
        raise ValueError(f"expected one input, the model has {len(model.inputs)}")
    shape = model.inputs[0].shape
    if len(shape) != 4 or shape[1] not in (1, 3) or shape[2] is None or shape[2] != shape[3]:
        raise ValueError(f"expected an input [N, 1 or 3, S, S] with a fixed S, got {shape}")
    if shape[0] not in (None, 1):
        raise ValueError(f"expected batch 1 or a symbolic batch (images go one at a time), got an input {shape}")
    return shape[2], shape[1]


def classify(model: strata.Model, images: np.ndarray) -> np.ndarray:
    """Runs the model on uint8 [N, H, W, C] images one at a time; returns its first output
    per image, float32 [N, K].

    One image per call (batch 1), so each image's result does not depend on how the images
    were split into batches: Ray's batches and a plain loop get the very same bits.

    Raises:
        strata.StrataError: the run failed (wrong image size for the model, ...).
    """
    x = to_model_input(images)
    name = model.inputs[0].name
    output = model.outputs[0].name
    rows = [model.run({name: x[i : i + 1]})[output].reshape(-1) for i in range(len(x))]
    return np.stack(rows) if rows else np.zeros((0, 0), np.float32)


def summarize(outputs: np.ndarray) -> dict[str, np.ndarray]:
    """float32 [N, K] model outputs -> {"label": int64 [N] (argmax), "score": float32 [N]
    (the top output: a probability for seednet, a logit for the ImageNet models)}."""
    labels = outputs.argmax(axis=1).astype(np.int64)
    return {"label": labels, "score": outputs[np.arange(len(outputs)), labels]}


class StrataClassifier:
    """A Ray Data actor: loads one Strata model (1 kernel thread) when the actor starts and
    classifies each batch {"path": str [N], "image": uint8 [N, S, S, C]} into
    {"path", "label", "score", "output" float32 [N, K], "worker" (host:pid),
    "started", "finished" (wall-clock seconds of this batch's computation), "cpu_seconds"
    (the actor process's CPU seconds for the batch, divided evenly among its images)}.

    started/finished let the driver time the steady state (first batch to last batch), which
    leaves out actor start-up and model loading; cpu_seconds against wall time shows whether
    the actors had their cores to themselves."""

    def __init__(self, spec: ModelSpec, threads: int = 1) -> None:
        self.model = spec.load(threads)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        started, cpu_started = time.time(), time.process_time()
        outputs = classify(self.model, batch["image"])
        finished, cpu = time.time(), time.process_time() - cpu_started
        n = len(outputs)
        return {
            "path": batch["path"],
            **summarize(outputs),
            "output": outputs,
            "worker": np.array([self.worker] * n),
            "started": np.full(n, started),
            "finished": np.full(n, finished),
            "cpu_seconds": np.full(n, cpu / max(n, 1)),
        }
