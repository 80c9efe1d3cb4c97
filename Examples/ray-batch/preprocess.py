"""Image decoding and model-input conversion shared by the Ray pipeline and the
single-process run (the same code on both sides is what makes their results bit-equal)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

# torchvision's ImageNet normalization for 3-channel models (resnet18, mobilenetv2, ...).
IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def decode_image(data: bytes, size: int, channels: int) -> np.ndarray:
    """Decodes PNG/JPEG bytes into uint8 [size, size, channels] (grayscale for 1 channel,
    RGB for 3), resized bilinearly when the image is not already size x size.

    Raises:
        PIL.UnidentifiedImageError: the bytes are not an image Pillow reads.
        ValueError: channels is not 1 or 3.
    """
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels}")
    with Image.open(io.BytesIO(data)) as image:
        if image.mode.startswith("I"):
            # 16-bit grayscale (PNG "I;16", or "I" from some decoders): Pillow's convert
            # clips it at 255 (almost white); scale 0...65535 to 0...255 instead.
            wide = np.asarray(image, dtype=np.float64)
            image = Image.fromarray(np.clip(np.rint(wide / 257), 0, 255).astype(np.uint8), mode="L")
        image = image.convert("L" if channels == 1 else "RGB")
        if image.size != (size, size):
            image = image.resize((size, size), Image.BILINEAR)
        pixels = np.asarray(image, dtype=np.uint8)
    return pixels.reshape(size, size, channels)


def to_model_input(images: np.ndarray) -> np.ndarray:
    """uint8 [N, H, W, C] -> float32 [N, C, H, W], C-contiguous: bytes / 255, then for 3
    channels the ImageNet mean/std normalization (1 channel: 0...1, as Strata's
    Fashion-MNIST training saw it).

    Raises:
        ValueError: images is not uint8 of rank 4 with 1 or 3 channels.
    """
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[3] not in (1, 3):
        raise ValueError(f"expected uint8 [N, H, W, 1 or 3], got {images.dtype} {images.shape}")
    x = images.astype(np.float32) / np.float32(255)
    if x.shape[3] == 3:
        x = (x - IMAGENET_MEAN) / IMAGENET_STD
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2))


def decode_file(path: str, data: bytes, size: int, channels: int) -> np.ndarray:
    """decode_image, with a failure naming the file (one bad file in thousands must be findable).

    Raises:
        ValueError: "PATH: cannot decode it as an image (REASON)".
    """
    try:
        return decode_image(data, size, channels)
    except Exception as error:  # Pillow raises many kinds (truncated, unidentified, too large).
        raise ValueError(f"{path}: cannot decode it as an image ({type(error).__name__}: {error})") from error


def decode_batch(batch: dict[str, np.ndarray], size: int, channels: int) -> dict[str, np.ndarray]:
    """Ray Data batch function: {"path": str [N], "bytes": object [N]} ->
    {"path": str [N], "image": uint8 [N, size, size, channels]}."""
    images = np.stack([decode_file(p, b, size, channels) for p, b in zip(batch["path"], batch["bytes"])])
    return {"path": batch["path"], "image": images}
