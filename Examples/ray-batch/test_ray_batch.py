"""The Ray pipeline on 64 images gives the same results as a plain loop without Ray.

Run by Scripts/test-ray (pytest, needs libstrata and the strata package, ray[data], pillow,
and Fashion-MNIST from Scripts/setup). Starts its own local Ray cluster (3 CPUs).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import ray
from PIL import Image

from classifier import ModelSpec, input_geometry
from make_images import make_images
from pipeline import classify_to_parquet
from image_folder import check_output_folder, image_files
from preprocess import decode_file, decode_image, to_model_input
from ray_batch import start_cluster
from single_process import classify_folder

IMAGES = 64


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """A local Ray cluster for this module: 2 actors + 1 CPU for reading."""
    start_cluster(address=None, cpus=3)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """64 Fashion-MNIST test images as 28x28 grayscale PNGs; 8 of them moved into a subfolder
    and 2 renamed to start with "_" and "." (names Ray's own folder reader would skip)."""
    out = tmp_path_factory.mktemp("images")
    make_images(out, IMAGES)
    pngs = sorted(out.glob("*.png"))
    (out / "nested").mkdir()
    for png in pngs[:8]:
        png.rename(out / "nested" / png.name)
    pngs[8].rename(out / f"_{pngs[8].name}")
    pngs[9].rename(out / f".{pngs[9].name}")
    return out


def test_to_model_input_scales_and_normalizes() -> None:
    # Hand values: 255 -> 1.0; with 3 channels (1.0 - 0.485) / 0.229 etc.
    gray = np.array([[[[0], [51]], [[255], [102]]]], dtype=np.uint8)  # [1, 2, 2, 1]
    x = to_model_input(gray)
    assert x.dtype == np.float32 and x.shape == (1, 1, 2, 2) and x.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(x[0, 0], [[0.0, 0.2], [1.0, 0.4]], rtol=1e-6)
    rgb = np.full((1, 1, 1, 3), 255, dtype=np.uint8)
    np.testing.assert_allclose(to_model_input(rgb).reshape(3), [0.515 / 0.229, 0.544 / 0.224, 0.594 / 0.225], rtol=1e-5)


def read_results(out_dir: Path) -> pd.DataFrame:
    """The Parquet rows sorted by path."""
    table = pq.read_table(out_dir).to_pandas()
    return table.sort_values("path").reset_index(drop=True)


# seednet: 1 channel at its own 28x28 (no resize); resnet18 at 32: RGB, resized from 28,
# normalized (32, not more: the debug library takes 40 ms per image there).
@pytest.mark.parametrize("spec", [ModelSpec("seednet"), ModelSpec("resnet18", image_size=32)], ids=["seednet", "resnet18"])
def test_ray_results_equal_single_process(cluster: None, folder: Path, tmp_path: Path, spec: ModelSpec) -> None:
    size, channels = input_geometry(spec.load())
    out = tmp_path / "results"
    # Batches of 8 over 2 actors: several batches per actor, and a split unlike the loop's.
    classify_to_parquet(str(folder), spec, size, channels, workers=2, out_dir=str(out), batch_size=8)
    got = read_results(out)
    want = classify_folder(folder, spec)

    assert len(want) == IMAGES, f"the reference found {len(want)} images, expected {IMAGES}"
    assert list(got["path"]) == list(want["path"]), "Ray missed, repeated or renamed images"
    assert all(not w.endswith(f":{os.getpid()}") for w in got["worker"]), "rows computed in the test process"
    got_outputs = np.stack(got["output"].to_list()).astype(np.float32)
    want_outputs = np.stack(want["output"].to_list())
    assert got_outputs.shape == want_outputs.shape == (IMAGES, 10 if spec.source == "seednet" else 1000)
    # Same library, same inputs, batch 1 on both sides: the very same bits, not merely close.
    mismatched = [p for p, a, b in zip(got["path"], got_outputs, want_outputs) if not np.array_equal(a, b)]
    assert not mismatched, f"outputs differ for {len(mismatched)} images, first {mismatched[0]}"
    assert np.array_equal(got["label"].to_numpy(), want["label"].to_numpy())
    assert np.array_equal(got["score"].to_numpy(np.float32), want["score"].to_numpy(np.float32))


def test_a_16_bit_grayscale_png_is_scaled_not_clipped() -> None:
    # Mid-gray at 16 bits (32896 = 128 * 257) decodes to 128, not Pillow's clipped 255.
    image = Image.fromarray(np.full((4, 4), 32896, dtype=np.uint16))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert np.array_equal(decode_image(buffer.getvalue(), 4, 1), np.full((4, 4, 1), 128, np.uint8))


def test_a_file_that_does_not_decode_is_named() -> None:
    with pytest.raises(ValueError, match="broken.png: cannot decode it as an image"):
        decode_file("/data/broken.png", b"\x89PNG\r\n\x1a\n truncated", 28, 1)


def test_an_output_folder_the_run_would_wreck_is_refused(tmp_path: Path) -> None:
    images = tmp_path / "images"
    images.mkdir()
    with pytest.raises(ValueError, match="overlaps"):
        check_output_folder(images, images, overwrite=True)
    with pytest.raises(ValueError, match="overlaps"):
        check_output_folder(images / "results", images, overwrite=True)
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="--overwrite"):
        check_output_folder(mine, images, overwrite=False)
    check_output_folder(mine, images, overwrite=True)  # asked for: allowed
    check_output_folder(tmp_path / "new", images, overwrite=False)


def test_symlinked_images_keep_their_names_in_the_folder(tmp_path: Path) -> None:
    # Two links to one file are two images under their own names (resolve() would give
    # both the target's path).
    (tmp_path / "photo.png").write_bytes(b"not decoded here")
    (tmp_path / "link_a.png").symlink_to(tmp_path / "photo.png")
    (tmp_path / "link_b.png").symlink_to(tmp_path / "photo.png")
    assert [p.name for p in image_files(tmp_path)] == ["link_a.png", "link_b.png", "photo.png"]
