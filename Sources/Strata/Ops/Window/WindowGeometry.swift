/// A pair of sizes for the two spatial axes. An integer literal means "both axes":
/// `stride: 2` is `Size2D(height: 2, width: 2)`.
public struct Size2D: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// Size along the vertical axis (H of NCHW), in pixels or taps.
    public var height: Int
    /// Size along the horizontal axis (W of NCHW).
    public var width: Int

    /// A pair with its two sizes named.
    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// A pair, height first (the order of NCHW and of ONNX's `kernel_shape`).
    public init(_ height: Int, _ width: Int) { self.init(height: height, width: width) }
    public init(integerLiteral value: Int) { self.init(height: value, width: value) }

    public var description: String { height == width ? "\(height)" : "\(height)x\(width)" }
}

/// Explicit zero padding on each side of the spatial axes.
public struct Padding2D: Hashable, Sendable, CustomStringConvertible {
    /// Zeros added before the first row (top), before the first column (left), after the last
    /// row (bottom) and after the last column (right), in pixels.
    public var top: Int, left: Int, bottom: Int, right: Int

    /// Padding with each side given (ONNX `pads` are `[top, left, bottom, right]`).
    public init(top: Int, left: Int, bottom: Int, right: Int) {
        (self.top, self.left, self.bottom, self.right) = (top, left, bottom, right)
    }

    /// The same padding on all four sides.
    public static func all(_ amount: Int) -> Padding2D {
        Padding2D(top: amount, left: amount, bottom: amount, right: amount)
    }

    /// No padding on any side.
    public static let zero = Padding2D.all(0)

    public var description: String { "(t\(top), l\(left), b\(bottom), r\(right))" }
}

/// How a window layer (convolution, pooling) pads its input.
public enum Padding: Hashable, Sendable {
    /// Exactly these amounts per side.
    case explicit(Padding2D)
    /// No padding; windows must fit inside the input.
    case valid
    /// Output size ceil(input / stride); when the total padding is odd the extra row or
    /// column goes at the end (ONNX `SAME_UPPER`, TensorFlow `SAME`).
    case same
    /// As ``same``, with the extra row or column at the start (ONNX `SAME_LOWER`).
    case sameLower

    /// The same amount on all four sides (PyTorch `padding=p`).
    public static func symmetric(_ amount: Int) -> Padding { .explicit(.all(amount)) }
}

/// All size arithmetic of a sliding window over one image plane: convolution and pooling.
///
/// For one axis with input size `I`, kernel `K`, stride `S`, dilation `D` and padding
/// `P0` (start) + `P1` (end), the window spans `E = D·(K−1) + 1` input pixels and
///
///     O = floor((I + P0 + P1 − E) / S) + 1                 (floor mode)
///     O = ceil ((I + P0 + P1 − E) / S) + 1                 (ceil mode),
///
/// and in ceil mode a last window that would start inside the end padding
/// (`(O−1)·S >= I + P0`) is dropped, as PyTorch (`pooling_output_shape`) and onnxruntime
/// (`PoolAttributes::ComputeOutputSize`) do; Caffe's pooling layer clips it the same way.
///
/// In ceil mode a window may hang past the padded end by less than one stride, so a window
/// longer than the padded input still gives one output when E − (I + P0 + P1) < S (the
/// ceiling of a negative quotient rounds up to 0): kernel 3, stride 2, dilation 2 (E = 5)
/// on 4 rows gives ceil(−1/2) + 1 = 1. Floor mode needs E <= I + P0 + P1. Both modes throw
/// when O would be < 1. (onnxruntime also gives 1 in floor mode when the window is longer by
/// less than a stride, truncating the quotient toward zero; the ONNX formula and PyTorch
/// give 0 there, and Strata throws.)
public struct WindowGeometry: Hashable, Sendable {
    /// `I`: the input plane's height and width.
    public let input: Size2D
    /// `K`: the window's height and width, in taps.
    public let kernel: Size2D
    /// `S`: the step between neighbouring windows, in input pixels.
    public let stride: Size2D
    /// `D`: the spacing between a window's taps.
    public let dilation: Size2D
    /// `P0` (top, left) and `P1` (bottom, right), resolved from ``Padding``.
    public let padding: Padding2D
    /// `O`: the output plane's height and width, from the formula above.
    public let output: Size2D

    /// Resolves `padding` and computes the output size; throws a typed error naming the
    /// numbers when a parameter is out of range or the output would be empty.
    public init(
        input: Size2D, kernel: Size2D, stride: Size2D = 1, dilation: Size2D = 1,
        padding: Padding = .valid, ceilMode: Bool = false
    ) throws {
        for (name, value) in [("input", input), ("kernel", kernel), ("stride", stride), ("dilation", dilation)] {
            guard value.height >= 1, value.width >= 1 else {
                throw StrataError.invalidArgument("\(name) must be >= 1 on both axes, got \(value.height)x\(value.width)")
            }
            guard max(value.height, value.width) <= WindowGeometry.maximumSize else {
                throw StrataError.invalidArgument(
                    "\(name) \(value.height)x\(value.width) is larger than \(WindowGeometry.maximumSize), the largest size a window op takes")
            }
        }
        if case .explicit(let amounts) = padding,
           max(amounts.top, amounts.left, amounts.bottom, amounts.right) > WindowGeometry.maximumSize {
            throw StrataError.invalidArgument("padding \(amounts) is larger than \(WindowGeometry.maximumSize), the largest a window op takes")
        }
        let extent = Size2D(
            height: dilation.height * (kernel.height - 1) + 1,
            width: dilation.width * (kernel.width - 1) + 1)
        let resolved: Padding2D
        switch padding {
        case .explicit(let amounts):
            guard min(amounts.top, amounts.left, amounts.bottom, amounts.right) >= 0 else {
                throw StrataError.invalidArgument("padding must be >= 0 on every side, got \(amounts)")
            }
            resolved = amounts
        case .valid:
            resolved = .zero
        case .same, .sameLower:
            let (top, bottom) = WindowGeometry.samePadding(input.height, extent.height, stride.height, upper: padding == .same)
            let (left, right) = WindowGeometry.samePadding(input.width, extent.width, stride.width, upper: padding == .same)
            resolved = Padding2D(top: top, left: left, bottom: bottom, right: right)
        }
        let outputHeight = try WindowGeometry.outputSize(
            axis: "height", input: input.height, extent: extent.height, stride: stride.height,
            padStart: resolved.top, padEnd: resolved.bottom, ceilMode: ceilMode)
        let outputWidth = try WindowGeometry.outputSize(
            axis: "width", input: input.width, extent: extent.width, stride: stride.width,
            padStart: resolved.left, padEnd: resolved.right, ceilMode: ceilMode)
        self.input = input
        self.kernel = kernel
        self.stride = stride
        self.dilation = dilation
        self.padding = resolved
        self.output = Size2D(height: outputHeight, width: outputWidth)
    }

    /// The largest input size, kernel, stride, dilation or padding (2^31 − 1): with every
    /// parameter at most this, the size arithmetic here cannot overflow `Int`.
    public static let maximumSize = Int(Int32.max)

    /// Number of input pixels one window spans, dilation included.
    public var extent: Size2D {
        Size2D(height: dilation.height * (kernel.height - 1) + 1, width: dilation.width * (kernel.width - 1) + 1)
    }

    /// SAME padding for one axis: output ceil(I / S), total padding split evenly, the odd
    /// pixel at the end (`upper`) or the start.
    static func samePadding(_ input: Int, _ extent: Int, _ stride: Int, upper: Bool) -> (Int, Int) {
        let output = (input + stride - 1) / stride
        let total = max(0, (output - 1) * stride + extent - input)
        let small = total / 2
        return upper ? (small, total - small) : (total - small, small)
    }

    static func outputSize(
        axis: String, input: Int, extent: Int, stride: Int, padStart: Int, padEnd: Int, ceilMode: Bool
    ) throws -> Int {
        let padded = input + padStart + padEnd
        let span = padded - extent
        let sizes = "\(input) + \(padStart) + \(padEnd) = \(padded)"
        guard span >= 0 || ceilMode else {
            throw StrataError.invalidArgument(
                "window of \(extent) pixels (kernel with dilation) does not fit the padded \(axis) "
                    + "\(sizes); output \(axis) would be <= 0")
        }
        guard span > -stride else {
            throw StrataError.invalidArgument(
                "window of \(extent) pixels (kernel with dilation) is longer than the padded \(axis) \(sizes) "
                    + "by \(-span), at least the stride \(stride); ceil mode lets a window overhang the end by less "
                    + "than one stride, so output \(axis) would be <= 0")
        }
        // ceil(span / S) for span > −S: 0 for a negative span, the quotient rounded up otherwise.
        var output = (ceilMode ? (span > 0 ? (span + stride - 1) / stride : 0) : span / stride) + 1
        if ceilMode && (output - 1) * stride >= input + padStart { output -= 1 }
        return output
    }
}

/// The output positions `o` whose input position `o·stride + offset` lies in
/// `[0, inputSize)`, as a half-open range clipped to `[0, outputSize)`.
@inline(__always)
func validOutputRange(offset: Int, stride: Int, inputSize: Int, outputSize: Int) -> (Int, Int) {
    // First o with o·stride + offset >= 0, and first o with o·stride + offset >= inputSize.
    let start = offset >= 0 ? 0 : (-offset + stride - 1) / stride
    let limit = inputSize - offset
    let end = limit <= 0 ? 0 : (limit + stride - 1) / stride
    return (min(start, outputSize), max(min(end, outputSize), min(start, outputSize)))
}

extension WindowGeometry {
    /// The resolved top and left padding of the window `geometry` builds for the spatial
    /// axes of `inputs[0]` (``GraphOp/spatialPaddingStart(inputs:)`` of window ops); zero
    /// when the input is not `[N, C, H, W]` or the window does not fit, which the op's
    /// shape rule reports.
    static func paddingStart(inputs: [Shape], _ geometry: (Size2D) throws -> WindowGeometry) -> Size2D {
        guard let input = inputs.first, input.rank == 4,
              let resolved = try? geometry(Size2D(input[2], input[3])).padding else { return Size2D(0, 0) }
        return Size2D(resolved.top, resolved.left)
    }
}
