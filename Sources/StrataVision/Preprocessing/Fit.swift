import Strata

extension ImagePreprocessing {
    /// How a picture of any size is brought to the model's H×W.
    ///
    /// Every resize is bilinear with half-pixel centres and no antialiasing, on float
    /// values: PyTorch's `F.interpolate(x, size, mode="bilinear", align_corners=False,
    /// antialias=False)`, which is what torchvision's `Resize(..., antialias=False)` runs on a
    /// float tensor (the pipeline `ToTensor()` before `Resize`). Pillow's `Resize` on a PIL
    /// image antialiases when it shrinks, so its values differ by a few levels on photos.
    public enum Fit: Sendable, Equatable {
        /// Resized to exactly H×W; the aspect ratio is not kept.
        case stretch
        /// torchvision's `Resize(S)` then `CenterCrop((H, W))`: the shorter side becomes S,
        /// the longer `Int(S * long / short)` (truncated, as torchvision), then the centre
        /// H×W is cut out at offset `round((size - crop) / 2)` (Python's `round`: halves go
        /// to even). `resize` `nil` takes S = max(H, W), the smallest S whose picture covers
        /// the crop. A crop larger than the picture pads with 0, as torchvision does.
        case centerCrop(resize: Int?)
        /// ``centerCrop(resize:)`` with S taken from the crop: `S = round(min(H, W) / ratio)`
        /// (half to even), so the crop keeps `ratio` of the resized picture's shorter side.
        /// torchvision's reference evaluation resizes to 256 for a 224 crop (0.875, timm's
        /// `crop_pct`): `centerCropRatio(0.875)` gives S = 256 for 224×224, 73 for 64×64.
        /// `ratio` must be in (0, 1].
        case centerCropRatio(Double)
        /// Ultralytics' YOLO `LetterBox`: scaled by `r = min(H / h, W / w)` to
        /// `round(w r) × round(h r)`, placed at `top = round(dh - 0.1)`, `left = round(dw - 0.1)`
        /// (`dh`, `dw`: half the margins) on an H×W canvas of `fill` (a pixel level 0...255,
        /// before scaling; YOLO uses 114).
        case letterbox(fill: Float)
    }

    /// A placement of the resized picture in the H×W output: the resized size and the
    /// output position of its top-left pixel (negative when the output is a crop of it).
    struct Placement: Equatable {
        var height: Int
        var width: Int
        var top: Int
        var left: Int
        /// The level of output pixels the picture does not cover, 0...255.
        var fill: Float
    }

    /// Where a `height`×`width` picture lands in an `outputHeight`×`outputWidth` input.
    static func placement(of fit: Fit, height: Int, width: Int, outputHeight: Int, outputWidth: Int) throws -> Placement {
        switch fit {
        case .stretch:
            return Placement(height: outputHeight, width: outputWidth, top: 0, left: 0, fill: 0)
        case .centerCrop(let resize):
            let s = resize ?? max(outputHeight, outputWidth)
            guard s >= 1 else { throw StrataError.invalidArgument("resize to \(s) pixels; expected a size >= 1") }
            // torchvision's _compute_resized_output_size: the long side is truncated.
            let (short, long) = width <= height ? (width, height) : (height, width)
            let newLong = Int(Double(s) * Double(long) / Double(short))
            let (newWidth, newHeight) = width <= height ? (s, newLong) : (newLong, s)
            guard newWidth <= 1 << 16, newHeight <= 1 << 16, newWidth * newHeight <= 1 << 28 else {
                throw StrataError.invalidArgument(
                    "resizing \(width)x\(height) to a shorter side of \(s) gives \(newWidth)x\(newHeight); expected at most 65536 a side and 2^28 pixels")
            }
            return Placement(height: newHeight, width: newWidth,
                             top: -cropOffset(size: newHeight, crop: outputHeight),
                             left: -cropOffset(size: newWidth, crop: outputWidth), fill: 0)
        case .centerCropRatio(let ratio):
            guard ratio.isFinite, ratio > 0, ratio <= 1 else {
                throw StrataError.invalidArgument("centre crop ratio \(ratio); expected a fraction in (0, 1], such as 0.875")
            }
            return try placement(of: .centerCrop(resize: resizeSide(crop: min(outputHeight, outputWidth), ratio: ratio)),
                                 height: height, width: width, outputHeight: outputHeight, outputWidth: outputWidth)
        case .letterbox(let fill):
            let r = min(Double(outputHeight) / Double(height), Double(outputWidth) / Double(width))
            let newWidth = max(1, Int((Double(width) * r).rounded(.toNearestOrEven)))
            let newHeight = max(1, Int((Double(height) * r).rounded(.toNearestOrEven)))
            let dw = Double(outputWidth - newWidth) / 2, dh = Double(outputHeight - newHeight) / 2
            return Placement(height: newHeight, width: newWidth, top: Int((dh - 0.1).rounded(.toNearestOrEven)),
                             left: Int((dw - 0.1).rounded(.toNearestOrEven)), fill: fill)
        }
    }

    /// The shorter side S that ``Fit/centerCropRatio(_:)`` resizes to for a crop side
    /// `crop`: `round(crop / ratio)`, half to even, at least 1 (224 at 0.875 → 256).
    public static func resizeSide(crop: Int, ratio: Double) -> Int {
        max(1, Int((Double(crop) / ratio).rounded(.toNearestOrEven)))
    }

    /// torchvision's `center_crop` offset along one axis: `int(round((size - crop) / 2))`,
    /// or, when the crop is larger, minus the left/top padding `(crop - size) // 2`.
    static func cropOffset(size: Int, crop: Int) -> Int {
        if crop > size { return -((crop - size) / 2) }
        return Int((Double(size - crop) / 2).rounded(.toNearestOrEven))
    }
}
