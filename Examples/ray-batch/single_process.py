"""The reference: the same decoding and model in a plain loop, without Ray."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from classifier import ModelSpec, classify, input_geometry, summarize
from image_folder import image_files
from preprocess import decode_file


def classify_folder(folder: Path, spec: ModelSpec, threads: int = 1) -> pd.DataFrame:
    """Classifies every image in folder in this process: a DataFrame with columns path
    (absolute, str), label (int64), score (float32), output (float32 [K] per row)."""
    model = spec.load(threads)
    size, channels = input_geometry(model)
    paths = image_files(folder)
    images = np.stack([decode_file(str(p), p.read_bytes(), size, channels) for p in paths])
    outputs = classify(model, images)
    return pd.DataFrame({"path": [str(p) for p in paths], **summarize(outputs), "output": list(outputs)})
