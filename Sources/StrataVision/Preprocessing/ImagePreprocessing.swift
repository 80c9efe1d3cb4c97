import Strata

/// How a picture becomes a model input `[N, C, H, W]`: the geometry (``Fit``), the
/// channels, the value scale and a per-channel normalization. ``tensor(from:shape:)``
/// applies it; H and W always come from the model's input shape.
///
/// The steps, in order: channels (``grayscale``, then the model's C: gray repeated or RGB
/// reduced to luma, see ``Image/converted(toChannels:)``; then ``channelOrder``), geometry
/// on float pixels 0...255 (``Fit``), scale (``Scale``), then `(value - mean[c]) / std[c]`.
///
/// ```swift
/// let x = try ImagePreprocessing.imagenet.tensor(from: photo, shape: [1, 3, 224, 224])
/// ```
public struct ImagePreprocessing: Sendable, Equatable {
    /// The order of the colour channels in the model's input.
    public enum ChannelOrder: String, Sendable, CaseIterable {
        /// Red, green, blue: PyTorch and torchvision models.
        case rgb
        /// Blue, green, red: models trained on OpenCV's `imread` (Caffe, many detectors).
        case bgr
    }

    /// What a pixel level 0...255 becomes before normalization.
    public enum Scale: String, Sendable, CaseIterable {
        /// Divided by 255: 0...1, as torchvision's `ToTensor()`.
        case unit = "0-1"
        /// Kept: 0...255, as Caffe-style models want.
        case byte = "0-255"
    }

    /// How the picture gets the model's H×W; see ``Fit``.
    public var fit: Fit
    /// The order of the colour channels the model wants (ignored for 1-channel inputs).
    public var channelOrder: ChannelOrder
    /// Reduce the picture to luma first (torchvision's `Grayscale`); a 3-channel model then
    /// gets the luma repeated, as `Grayscale(num_output_channels=3)`.
    public var grayscale: Bool
    /// The units before normalization; see ``Scale``.
    public var scale: Scale
    /// Per channel of the model's input, in its channel order and in ``scale``'s units;
    /// `nil`: no normalization.
    public var mean: [Float]?
    /// Per channel, as ``mean``; `nil`: 1 for every channel.
    public var std: [Float]?

    /// A preprocessing with every step given; the defaults are those of ``unit``.
    public init(fit: Fit = .stretch, channelOrder: ChannelOrder = .rgb, grayscale: Bool = false, scale: Scale = .unit,
                mean: [Float]? = nil, std: [Float]? = nil) {
        self.fit = fit
        self.channelOrder = channelOrder
        self.grayscale = grayscale
        self.scale = scale
        self.mean = mean
        self.std = std
    }

    /// Strata's behaviour before presets, the default: stretched to H×W (aspect ratio not
    /// kept), 0...1, RGB, no normalization.
    public static let unit = ImagePreprocessing()

    /// torchvision's ImageNet evaluation transform, the one its classification weights
    /// document: `Resize(256)`, `CenterCrop(224)` (the crop is the model's H×W), `ToTensor()`,
    /// `Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])`, RGB.
    ///
    /// The resize follows the crop at the same ratio, 224 / 256 = 0.875 (timm's `crop_pct`):
    /// the shorter side becomes `round(min(H, W) / 0.875)`, so a 224×224 model gets
    /// `Resize(256)` exactly and a 64×64 one `Resize(73)`, not a 64×64 cut from a 256
    /// picture (``Fit/centerCropRatio(_:)``). The mean and std are for RGB: a 1-channel
    /// model needs its own.
    public static let imagenet = ImagePreprocessing(
        fit: .centerCropRatio(0.875), mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])

    /// The presets by name: `unit` (also `none`), `imagenet`.
    public static let presets: [(name: String, value: ImagePreprocessing)] = [("unit", .unit), ("none", .unit), ("imagenet", .imagenet)]

    /// The preset called `name`.
    /// - Throws: `StrataError.invalidArgument(_:)` listing the presets for an unknown name.
    public static func preset(named name: String) throws -> ImagePreprocessing {
        guard let found = presets.first(where: { $0.name == name.lowercased() }) else {
            throw StrataError.invalidArgument(
                "unknown preprocessing preset '\(name)'; expected one of \(presets.map(\.name).joined(separator: ", "))")
        }
        return found.value
    }
}
