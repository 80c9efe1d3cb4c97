"""The reference: the same decoding and model in a plain loop, without Ray."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from classifier import ModelSpec, classify, input_geometry, summarize
from preprocess import decode_image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def image_paths(folder: Path) -> list[Path]:
    """The PNG/JPEG files directly in folder, sorted by name.

    Raises:
        FileNotFoundError: folder has no such file.
    """
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not paths:
        raise FileNotFoundError(f"no .png/.jpg/.jpeg files in {folder}")
    return paths


def classify_folder(folder: Path, spec: ModelSpec, threads: int = 1) -> pd.DataFrame:
    """Classifies every image in folder in this process: a DataFrame with columns path
    (absolute, str), label (int64), score (float32), output (float32 [K] per row)."""
    model = spec.load(threads)
    size, channels = input_geometry(model)
    paths = image_paths(folder)
    images = np.stack([decode_image(p.read_bytes(), size, channels) for p in paths])
    outputs = classify(model, images)
    return pd.DataFrame({"path": [str(p.resolve()) for p in paths], **summarize(outputs), "output": list(outputs)})
