"""Writes a folder of PNG images to classify: the first N Fashion-MNIST test images.

Usage: python3 make_images.py OUT_DIR [--count N]

Reads the gzipped IDX files of the Debian package dataset-fashion-mnist
(/usr/share/datasets/fashion-mnist, installed by Scripts/setup) and writes
OUT_DIR/00000.png ... as 28x28 8-bit grayscale PNGs, plus OUT_DIR/labels.csv (file,label).
"""

from __future__ import annotations

import argparse
import gzip
import struct
from pathlib import Path

import numpy as np
from PIL import Image

FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")


def read_idx(path: Path) -> np.ndarray:
    """Reads a gzipped IDX file (uint8 data) into an array of its declared shape.

    Raises:
        ValueError: the file is not an IDX file of unsigned bytes.
    """
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes (magic {data[:4].hex()})")
    shape = struct.unpack(f">{rank}I", data[4 : 4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def make_images(out_dir: Path, count: int, dataset: Path = FASHION_MNIST) -> list[Path]:
    """Writes the first `count` test images (count <= 10000) to out_dir; returns their paths.

    Raises:
        FileNotFoundError: the dataset is not installed.
        ValueError: count is not in 1...10000.
    """
    images = read_idx(dataset / "t10k-images-idx3-ubyte.gz")  # uint8 [10000, 28, 28]
    labels = read_idx(dataset / "t10k-labels-idx1-ubyte.gz")  # uint8 [10000]
    if not 1 <= count <= len(images):
        raise ValueError(f"count must be in 1...{len(images)}, got {count}")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    rows = ["file,label"]
    for i in range(count):
        path = out_dir / f"{i:05d}.png"
        Image.fromarray(images[i], mode="L").save(path)
        paths.append(path)
        rows.append(f"{path.name},{labels[i]}")
    (out_dir / "labels.csv").write_text("\n".join(rows) + "\n")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=256)
    args = parser.parse_args()
    paths = make_images(args.out_dir, args.count)
    print(f"wrote {len(paths)} images to {args.out_dir}")


if __name__ == "__main__":
    main()
