"""Which files a run classifies, and where it may write: shared by the Ray pipeline and the
single-process run, so both see the same images, and nothing a user had is overwritten."""

from __future__ import annotations

from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def image_files(folder: Path) -> list[Path]:
    """Every .png/.jpg/.jpeg file under folder, subfolders included (not symlinked ones),
    absolute and sorted.
    Names starting with "_" or "." count too (Ray's own folder reader would skip them
    silently, so the pipeline is given this list instead).

    Raises:
        FileNotFoundError: folder is missing, not a folder, or holds no such file.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"--images {folder}: no such folder")
    # absolute(), not resolve(): a symlinked image keeps the name it has in the folder.
    # (Symlinked subfolders are not followed: Path.rglob does not follow them before 3.13.)
    paths = sorted(p.absolute() for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    if not paths:
        raise FileNotFoundError(f"no .png/.jpg/.jpeg files in {folder} or its subfolders")
    return paths


def check_output_folder(out: Path, images: Path, overwrite: bool) -> None:
    """Refuses an output folder the run would wreck: a file, the image folder or a folder
    inside or around it, or (without overwrite) a folder that already holds files. Each run
    replaces the folder's contents with its Parquet files.

    Raises:
        FileExistsError: out is a file, or a non-empty folder and overwrite is False.
        ValueError: out and images overlap.
    """
    out, images = out.resolve(), images.resolve()
    if out == images or images in out.parents or out in images.parents:
        raise ValueError(f"--out {out} overlaps --images {images}; the results would replace the images")
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"--out {out} is a file; expected a folder for the Parquet results")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(f"--out {out} already holds files; pass --overwrite to replace them, or choose another folder")
