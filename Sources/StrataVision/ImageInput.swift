import Strata

/// Turns a picture into a model input: `[N, C, H, W]` float32 in 0...1.
public enum ImageInput {
    /// `image` converted to `shape`'s channels (C = 1: gray as ITU-R BT.601 luma
    /// 0.299 R + 0.587 G + 0.114 B; C = 3: gray repeated), resized to H×W with bilinear
    /// interpolation (pixel centres aligned, as PyTorch's `align_corners=False`), scaled
    /// from 0...255 to 0...1 and repeated over the batch: ``ImagePreprocessing/unit``. No
    /// mean/std normalization; ``ImagePreprocessing`` has the other steps and presets.
    public static func tensor(from image: Image, shape: Shape) throws -> Tensor {
        try ImagePreprocessing.unit.tensor(from: image, shape: shape)
    }
}
