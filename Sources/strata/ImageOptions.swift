import ArgumentParser
import Foundation
import Strata
import StrataVision

/// `--preprocess PRESET` and the flags that override it: how a picture `--input` becomes
/// the model's input tensor (``ImagePreprocessing``). Used by `run`, `maps` and `convert`.
struct ImageOptions: ParsableArguments {
    @Option(help: "Preprocessing preset for picture inputs: unit (also none; the default: stretched to the input size, 0-1), imagenet (resize the shorter side to round(crop / 0.875), 256 for a 224 input, centre crop, ImageNet mean/std; RGB models only unless --mean and --std are given).")
    var preprocess = "unit"

    // `.unconditional` on the numeric options: `--resize -5` and `--mean -0.5,0,0` reach the
    // checks below (ArgumentParser would read a leading `-` as a flag).
    @Option(parsing: .unconditional, help: "Resize the picture's shorter side to S pixels, then centre crop (torchvision's Resize(S); implies --crop center).")
    var resize: Int?

    @Option(help: "How the picture gets the model's height and width: center (resize, then centre crop), letterbox (keep the aspect ratio, pad with --fill), none (stretch).")
    var crop: String?

    @Option(parsing: .unconditional, help: "Letterbox padding level 0-255 (default 114, as YOLO).")
    var fill: Float?

    @Option(parsing: .unconditional, help: "Per-channel mean to subtract, in the model's channel order and --pixel-range units, as a,b,c.")
    var mean: String?

    @Option(parsing: .unconditional, help: "Per-channel standard deviation to divide by (> 0), as a,b,c.")
    var std: String?

    @Option(help: "Channel order of the model's input: rgb or bgr.")
    var channelOrder: String?

    @Flag(help: "Reduce the picture to gray (BT.601 luma) first.")
    var grayscale = false

    // Not `--scale`: `maps` uses that for its colour scale (layer or channel).
    @Option(help: "Pixel values before normalization: 0-1 (divided by 255) or 0-255.")
    var pixelRange: String?

    /// Bad values are usage errors (exit 64, with the usage), found before any file is read.
    func validate() throws {
        do {
            _ = try preprocessing()
        } catch let error as StrataError {
            throw ValidationError(error.description)
        }
    }

    /// Whether any picture flag was given (a preset other than the default counts).
    var isGiven: Bool {
        preprocess != "unit" || resize != nil || crop != nil || fill != nil || mean != nil || std != nil
            || channelOrder != nil || grayscale || pixelRange != nil
    }

    /// Throws when picture flags were given but no input is a picture: they would be
    /// ignored without a word (a `.npy` array goes to the model as it is).
    func checkApplies(to paths: [String]) throws {
        guard isGiven, !paths.contains(where: ImageFile.isImage) else { return }
        throw StrataError.invalidArgument(
            "--preprocess and the picture flags apply to picture inputs (\(ImageFile.extensions.joined(separator: ", "))); "
                + "\(paths.joined(separator: ", ")) \(paths.count == 1 ? "is an array" : "are arrays") given to the model as \(paths.count == 1 ? "it is" : "they are"): drop the flags")
    }

    /// The preset, with each given flag replacing its part.
    /// - Throws: ``StrataError/invalidArgument(_:)`` naming the flag and what it accepts.
    func preprocessing() throws -> ImagePreprocessing {
        var result = try ImagePreprocessing.preset(named: preprocess)
        if let resize, resize < 1 { throw StrataError.invalidArgument("--resize \(resize); expected a size >= 1") }
        switch crop?.lowercased() {
        case nil:
            if let resize {
                // --resize alone means resize and centre crop, whatever the preset's geometry.
                result.fit = .centerCrop(resize: resize)
            }
        case "center", "centre":
            var s = resize
            if s == nil, case .centerCrop(let preset) = result.fit { s = preset }
            // The preset's ratio stays unless --resize gives a size.
            if s != nil || !(result.fit.isCenterCropRatio) { result.fit = .centerCrop(resize: s) }
        case "letterbox":
            guard resize == nil else { throw StrataError.invalidArgument("--resize \(resize!) does not apply to --crop letterbox, which fits the whole picture in the input") }
            result.fit = .letterbox(fill: fill ?? 114)
        case "none":
            guard resize == nil else { throw StrataError.invalidArgument("--resize \(resize!) needs --crop center; --crop none stretches the picture to the input size") }
            result.fit = .stretch
        case let other?:
            throw StrataError.invalidArgument("--crop \(other); expected center, letterbox or none")
        }
        if fill != nil, case .letterbox = result.fit {} else if let fill {
            throw StrataError.invalidArgument("--fill \(fill) applies only to --crop letterbox")
        }
        if let fill, !(0...255).contains(fill) { throw StrataError.invalidArgument("--fill \(fill); expected a level 0-255") }
        if let mean { result.mean = try Self.floats(mean, flag: "--mean") }
        if let std {
            let values = try Self.floats(std, flag: "--std")
            // A subnormal std (1e-45) overflows every pixel to infinity.
            guard values.allSatisfy({ $0.isNormal && $0 > 0 }) else {
                throw StrataError.invalidArgument("--std \(std); expected standard deviations > 0 such as 0.229,0.224,0.225")
            }
            result.std = values
        }
        if let channelOrder {
            guard let order = ImagePreprocessing.ChannelOrder(rawValue: channelOrder.lowercased()) else {
                throw StrataError.invalidArgument("--channel-order \(channelOrder); expected rgb or bgr")
            }
            result.channelOrder = order
        }
        if grayscale { result.grayscale = true }
        if let pixelRange {
            guard let value = ImagePreprocessing.Scale(rawValue: pixelRange) else {
                throw StrataError.invalidArgument("--pixel-range \(pixelRange); expected 0-1 or 0-255")
            }
            result.scale = value
        }
        return result
    }

    /// `0.485,0.456,0.406` as floats.
    static func floats(_ text: String, flag: String) throws -> [Float] {
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            throw StrataError.invalidArgument("\(flag) \(text); expected numbers separated by commas, such as 0.485,0.456,0.406")
        }
        return values.map { $0! }
    }
}

extension ImagePreprocessing.Fit {
    /// Whether this is `ImagePreprocessing.Fit.centerCropRatio(_:)`.
    fileprivate var isCenterCropRatio: Bool {
        if case .centerCropRatio = self { return true }
        return false
    }
}
