/// How ``ResizeOp`` computes each output value from the input (ONNX Resize, opsets 10-19;
/// Upsample, opsets 7-9): `nearest` copies one input element, `linear` interpolates the
/// 2^k neighbours of k resized axes (bilinear on H and W), `cubic` the 4^k neighbours with
/// Keys' cubic convolution (R. Keys, IEEE TASSP 1981, eq. 4, coefficient `a`).
public enum ResizeMode: String, Sendable, Hashable, CaseIterable {
    /// The three ONNX Resize modes, named as the `mode` attribute spells them.
    case nearest, linear, cubic
}

/// ONNX Resize's `coordinate_transformation_mode`: where output index `x` of an axis lies in
/// the input, with `scale` the axis's scale, `L` its input and `O` its output length:
///
/// - `half_pixel`: `(x + 0.5) / scale − 0.5`
/// - `half_pixel_symmetric` (opset 19): `L/2·(1 − O/(scale·L)) + (x + 0.5) / scale − 0.5`
/// - `pytorch_half_pixel`: as `half_pixel`, but 0 when `O == 1`
/// - `align_corners`: `x·(L − 1)/(O − 1)`, 0 when `O == 1`
/// - `asymmetric`: `x / scale` (Upsample and Resize-10 always use it)
/// - `tf_half_pixel_for_nn`: `(x + 0.5) / scale`
/// - `tf_crop_and_resize`: `start·(L − 1) + x·(end − start)·(L − 1)/(O − 1)` with the axis's
///   region of interest `[start, end]` (`(start + end)/2·(L − 1)` when `O == 1`); outputs whose
///   coordinate falls outside `[0, L − 1]` get the extrapolation value.
///
/// As in onnxruntime, the arithmetic is float32 and an axis whose scale is exactly 1 maps
/// `x` to `x` whatever the mode.
public enum ResizeCoordinates: String, Sendable, Hashable, CaseIterable {
    /// `(x + 0.5) / scale − 0.5`, ONNX's default (PyTorch `align_corners=False` for linear).
    case halfPixel = "half_pixel"
    /// `half_pixel` shifted so the output stays centred on the input (opset 19).
    case halfPixelSymmetric = "half_pixel_symmetric"
    /// `half_pixel`, but 0 for a length-1 output (PyTorch's exporter writes it).
    case pytorchHalfPixel = "pytorch_half_pixel"
    /// `x·(L − 1)/(O − 1)`: first and last samples on the corners (PyTorch `align_corners=True`).
    case alignCorners = "align_corners"
    /// `x / scale` (Upsample, Resize-10, PyTorch's nearest `F.interpolate`).
    case asymmetric
    /// `(x + 0.5) / scale` (TensorFlow's nearest-neighbour resize with half-pixel centres).
    case tfHalfPixelForNN = "tf_half_pixel_for_nn"
    /// A crop of the region of interest resized to the output (TensorFlow `crop_and_resize`).
    case tfCropAndResize = "tf_crop_and_resize"
}

/// ONNX Resize's `nearest_mode`: the input index a `nearest` output copies, from its
/// coordinate `c` (then clamped to `0...L−1`). `round_prefer_floor` rounds halves down,
/// `round_prefer_ceil` up; `legacy` is what Upsample (opsets 7-9) and Resize-10 do in
/// onnxruntime: `ceil(c)` when the axis shrinks (scale < 1), else `c` truncated.
public enum NearestRounding: String, Sendable, Hashable, CaseIterable {
    /// Nearest index rounding halves down (ONNX's default).
    case roundPreferFloor = "round_prefer_floor"
    /// Nearest index rounding halves up.
    case roundPreferCeil = "round_prefer_ceil"
    /// `floor(c)`, `ceil(c)`, or the Upsample/Resize-10 rule described above.
    case floor, ceil, legacy
}

/// ONNX Resize's `keep_aspect_ratio_policy` (opset 18) for `sizes`: `stretch` takes them as
/// they are; `not_larger` and `not_smaller` use the smallest or largest of the listed axes'
/// `size / L` ratios for all of them, each output length `round(ratio·L)` (halves up).
public enum AspectRatioPolicy: String, Sendable, Hashable, CaseIterable {
    /// The given sizes, each axis on its own (ONNX's default).
    case stretch
    /// One ratio for all listed axes, the smallest: the output fits inside the given sizes.
    case notLarger = "not_larger"
    /// One ratio for all listed axes, the largest: the output covers the given sizes.
    case notSmaller = "not_smaller"
}

/// The output of a resize: a scale per listed axis (output length `floor(scale·L)`, in
/// float32 as onnxruntime computes it; the ONNX text's roi factor is not applied, as in
/// onnxruntime), or an output length per listed axis with an aspect-ratio policy.
public enum ResizeTarget: Hashable, Sendable {
    /// A scale per listed axis (ONNX Resize's `scales` input; Upsample's `scales`).
    case scales([Float])
    /// An output length per listed axis (ONNX Resize's `sizes` input) and how to keep the aspect ratio.
    case sizes([Int], AspectRatioPolicy)
}

/// What ``ResizeOp`` does: ONNX Resize (opsets 10, 11, 13, 18, 19) and Upsample (7, 9) on a
/// tensor of rank 1 to 8, any axes resized, following onnxruntime where it and the ONNX text
/// differ (Docs/ONNX.md lists where).
///
/// ```swift
/// // FPN: [1, 256, 20, 20] -> [1, 256, 40, 40], PyTorch's F.interpolate(scale_factor=2)
/// let up = ResizeConfiguration(mode: .nearest, coordinates: .asymmetric, nearest: .floor,
///                              target: .scales([2, 2]), axes: [2, 3])
/// ```
public struct ResizeConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// How output values are computed from the input (ONNX `mode`).
    public var mode: ResizeMode
    /// Where an output index lies in the input (ONNX `coordinate_transformation_mode`).
    public var coordinates: ResizeCoordinates
    /// How `nearest` rounds a coordinate to an index (ONNX `nearest_mode`); ignored by the other modes.
    public var nearest: NearestRounding
    /// Keys' `a` for `cubic` (`cubic_coeff_a`: −0.75 as PyTorch, −0.5 as some TensorFlow ops).
    public var cubicCoefficient: Float
    /// Taps outside the input get weight 0 and the rest are renormalized (cubic; linear with
    /// antialias). Linear taps never fall outside: there it changes nothing.
    public var excludeOutside: Bool
    /// Linear and cubic only: when an axis shrinks, the filter is stretched by 1/scale so
    /// every input element contributes (Pillow's resampling, which onnxruntime uses).
    public var antialias: Bool
    /// The value of `tf_crop_and_resize` outputs whose coordinate is outside the input.
    public var extrapolationValue: Float
    /// The output's scales or sizes.
    public var target: ResizeTarget
    /// The axes `target` and `roi` list values for (negative counts from the end); nil: all.
    public var axes: [Int]?
    /// `tf_crop_and_resize` only: the region of interest per listed axis, all starts then
    /// all ends, in input coordinates normalized to [0, 1]; nil: [0, 1] on every axis.
    public var roi: [Float]?

    /// A configuration with ONNX Resize's attribute defaults; every argument sets the property
    /// of the same name. Nothing is checked until an input shape is known.
    public init(mode: ResizeMode, coordinates: ResizeCoordinates = .halfPixel, nearest: NearestRounding = .roundPreferFloor,
                cubicCoefficient: Float = -0.75, excludeOutside: Bool = false, antialias: Bool = false,
                extrapolationValue: Float = 0, target: ResizeTarget, axes: [Int]? = nil, roi: [Float]? = nil) {
        (self.mode, self.coordinates, self.nearest, self.cubicCoefficient) = (mode, coordinates, nearest, cubicCoefficient)
        (self.excludeOutside, self.antialias, self.extrapolationValue) = (excludeOutside, antialias, extrapolationValue)
        (self.target, self.axes, self.roi) = (target, axes, roi)
    }

    public var description: String {
        var parts = [mode.rawValue, coordinates.rawValue]
        if mode == .nearest { parts.append(nearest.rawValue) }
        if mode == .cubic { parts.append("a \(cubicCoefficient)") }
        if antialias { parts.append("antialias") }
        switch target {
        case .scales(let scales): parts.append("scales \(scales)")
        case .sizes(let sizes, let policy): parts.append("sizes \(sizes)" + (policy == .stretch ? "" : " \(policy.rawValue)"))
        }
        if let axes { parts.append("axes \(axes)") }
        return "Resize " + parts.joined(separator: " ")
    }

    /// The output shape for `input`; see ``geometry(input:)``.
    public func outputShape(input: Shape) throws -> Shape { try geometry(input: input).output }

    /// The output shape and, per axis, the scale and region of interest the coordinate
    /// mapping uses. Throws for a rank-0 input, axes out of range or repeated, a count of
    /// scales, sizes or roi values that does not match the axes, a scale that is not a
    /// finite number > 0, a size < 0, an output length above 2^31 − 1, a non-zero length
    /// asked of an empty axis, antialias or exclude_outside with `nearest`, or a cubic
    /// coefficient that is not finite.
    public func geometry(input: Shape) throws -> ResizeGeometry {
        let rank = input.rank
        guard rank >= 1 else { throw StrataError.invalidShape("resize input is a scalar (shape []); expected rank >= 1") }
        let listed = try (axes ?? Array(0..<rank)).map { try Shape.resolve(axis: $0, rank: rank, "resize axis") }
        guard Set(listed).count == listed.count else {
            throw StrataError.invalidArgument("resize axes \(axes ?? []) name an axis twice")
        }
        guard mode != .nearest || (!antialias && !excludeOutside) else {
            throw StrataError.invalidArgument("resize mode nearest takes neither antialias nor exclude_outside; they apply to linear and cubic")
        }
        guard cubicCoefficient.isFinite else {
            throw StrataError.invalidArgument("resize cubic coefficient \(cubicCoefficient) is not a finite number")
        }
        var starts = [Float](repeating: 0, count: rank), ends = [Float](repeating: 1, count: rank)
        if let roi {
            guard roi.count == 2 * listed.count else {
                throw StrataError.invalidArgument(
                    "resize roi has \(roi.count) values; expected \(2 * listed.count) (a start and an end for each of \(listed.count) axes)")
            }
            for (index, axis) in listed.enumerated() { (starts[axis], ends[axis]) = (roi[index], roi[index + listed.count]) }
        }
        var scales = [Float](repeating: 1, count: rank), output = input.dimensions
        switch target {
        case .scales(let given):
            try expectCount(given.count, listed.count, "scales")
            for (axis, scale) in zip(listed, given) {
                guard scale.isFinite, scale > 0 else {
                    throw StrataError.invalidArgument("resize scale \(scale) on axis \(axis) is not supported; expected a finite number > 0")
                }
                scales[axis] = scale
                output[axis] = try Self.length(scale * Float(input[axis]), axis: axis, input: input)
            }
        case .sizes(let sizes, let policy):
            try expectCount(sizes.count, listed.count, "sizes")
            for (axis, size) in zip(listed, sizes) {
                guard size >= 0, size <= Int(Int32.max) else {
                    throw StrataError.invalidArgument("resize size \(size) on axis \(axis) is not supported; expected 0...\(Int32.max)")
                }
                guard input[axis] > 0 || size == 0 else {
                    throw StrataError.invalidArgument("resize size \(size) on axis \(axis) of input \(input): an empty axis only resizes to 0")
                }
                output[axis] = size
                scales[axis] = input[axis] == 0 ? 1 : Float(size) / Float(input[axis])
            }
            let ratios = listed.map { scales[$0] }
            if policy != .stretch, let ratio = policy == .notLarger ? ratios.min() : ratios.max() {
                for axis in listed {
                    scales[axis] = ratio
                    output[axis] = try Self.length((ratio * Float(input[axis])).rounded(.toNearestOrAwayFromZero), axis: axis, input: input)
                }
            }
        }
        return ResizeGeometry(input: input, output: try Shape(output), scales: scales, roiStarts: starts, roiEnds: ends)
    }

    private func expectCount(_ count: Int, _ expected: Int, _ what: String) throws {
        guard count == expected else {
            throw StrataError.invalidArgument("resize has \(count) \(what); expected \(expected), one per resized axis")
        }
    }

    /// `value` truncated to an output length, checked to fit in 0...2^31 − 1.
    private static func length(_ value: Float, axis: Int, input: Shape) throws -> Int {
        guard value.isFinite, value >= 0, value < Float(Int32.max) else {
            throw StrataError.invalidArgument(
                "resize of axis \(axis) of input \(input) would have length \(value); expected at most \(Int32.max)")
        }
        return Int(value)
    }
}

/// A resize worked out for one input shape: the output shape and, per axis, the scale and
/// region of interest (start, end) the coordinate mapping uses.
public struct ResizeGeometry: Hashable, Sendable {
    /// The input shape.
    public let input: Shape
    /// The output shape: every axis, resized or not.
    public let output: Shape
    /// Per axis (all of them, 1 where not resized), the scale the coordinate mapping divides by:
    /// the given scale, or `O / L` for sizes.
    public let scales: [Float]
    /// Per axis, the region of interest's start, normalized to [0, 1] (0 unless `tf_crop_and_resize`).
    public let roiStarts: [Float]
    /// Per axis, the region of interest's end, normalized to [0, 1] (1 unless `tf_crop_and_resize`).
    public let roiEnds: [Float]
}
