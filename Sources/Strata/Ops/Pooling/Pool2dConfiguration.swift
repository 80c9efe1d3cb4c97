/// What a pooling window reduces its pixels to.
public enum PoolKind: String, Hashable, Sendable, CaseIterable {
    /// The largest pixel; padding counts as −∞ (never selected). A NaN in the window
    /// makes the result NaN, as in PyTorch.
    case max
    /// The mean; padding counts as 0 and the divisor is set by ``Pool2dConfiguration/countIncludePad``.
    case average
}

/// The hyper-parameters of 2-D max or average pooling (PyTorch `MaxPool2d`/`AvgPool2d`,
/// ONNX `MaxPool`/`AveragePool`), independent of any input size.
///
/// The output size is ``WindowGeometry``'s: with `E = D·(K−1) + 1`,
/// `O = floor|ceil((I + P0 + P1 − E) / S) + 1`, and in ceil mode a last window starting
/// inside the end padding is dropped, while a window may overhang the padded end by less
/// than one stride (even the only window, when E is longer than the padded input).
///
/// Average divisor for the window of output `(oh, ow)` (one axis shown; the divisor is
/// the product of both axes' counts). The window's taps are at `start + k·D`, k in 0..<K:
///
///     start = oh·S − P0                          // input row of the first tap, may be < 0
///     countIncludePad == false:  count = |{k : 0 <= start + k·D < I}|        (real pixels)
///     countIncludePad == true:   count = |{k : start + k·D < I + P1}|
///                                      = min(K, ceil((I + P1 − start) / D))
///
/// so with `countIncludePad` the start padding counts in full, but the taps of a ceil-mode
/// window that run past the end padding do not: such a window is divided by fewer than K·K
/// (PyTorch's rule for D = 1; onnxruntime 1.32 follows it, dilated or not, which
/// `PoolingEdgeTests` pins). Note PyTorch's default is `count_include_pad=True`, ONNX's is 0.
/// Dilated average pooling is ONNX AveragePool from opset 19 (PyTorch's AvgPool2d has none).
///
/// Padding may exceed half the kernel (ONNX allows it, PyTorch does not), but a window
/// that reads only padding has no defined maximum (and 0/0 as an average without padding
/// counted), so ``geometry(input:)`` rejects such a configuration. With
/// `countIncludePad` such a window is well defined (0 / count = 0) and allowed.
public struct Pool2dConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// Max or average.
    public var kind: PoolKind
    /// The window's height and width.
    public var kernel: Size2D
    /// The step between windows.
    public var stride: Size2D
    /// `.valid`, `.same`/`.sameLower` (ONNX `auto_pad`) or explicit pixels (ONNX `pads`).
    public var padding: Padding
    /// Spacing of the taps (ONNX MaxPool; AveragePool from opset 19).
    public var dilation: Size2D
    /// Round the output size up instead of down (PyTorch `ceil_mode`).
    public var ceilMode: Bool
    /// Average pooling only: divide by the window clipped to the padded input rather than
    /// by the real pixels in it (see the type's documentation).
    public var countIncludePad: Bool

    /// `stride` has no default because PyTorch (stride = kernel) and ONNX (stride = 1) differ.
    public init(
        kind: PoolKind, kernel: Size2D, stride: Size2D, padding: Padding = .valid, dilation: Size2D = 1,
        ceilMode: Bool = false, countIncludePad: Bool = false
    ) {
        (self.kind, self.kernel, self.stride, self.padding) = (kind, kernel, stride, padding)
        (self.dilation, self.ceilMode, self.countIncludePad) = (dilation, ceilMode, countIncludePad)
    }

    /// Max pooling (ONNX MaxPool, PyTorch `nn.MaxPool2d`).
    public static func max(
        kernel: Size2D, stride: Size2D, padding: Padding = .valid, dilation: Size2D = 1, ceilMode: Bool = false
    ) -> Pool2dConfiguration {
        Pool2dConfiguration(kind: .max, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    /// Average pooling (ONNX AveragePool, PyTorch `nn.AvgPool2d`). `countIncludePad` defaults
    /// to ONNX's `count_include_pad = 0`; PyTorch's default is true.
    public static func average(
        kernel: Size2D, stride: Size2D, padding: Padding = .valid, dilation: Size2D = 1, ceilMode: Bool = false,
        countIncludePad: Bool = false
    ) -> Pool2dConfiguration {
        Pool2dConfiguration(kind: .average, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                            ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    public var description: String {
        "\(kind) pool kernel \(kernel) stride \(stride) padding \(padding) dilation \(dilation)"
            + (ceilMode ? " ceil" : " floor") + (kind == .average ? (countIncludePad ? " include-pad" : " exclude-pad") : "")
    }

    /// Checks everything that does not depend on the input size.
    public func validate() throws {
        for (name, value) in [("kernel", kernel), ("stride", stride), ("dilation", dilation)] {
            guard value.height >= 1, value.width >= 1 else {
                throw StrataError.invalidArgument(
                    "pool \(name) must be >= 1 on both axes, got \(value.height)x\(value.width)")
            }
        }
    }

    /// The window arithmetic for an `input` plane; throws if the window does not fit the
    /// padded input or if some window would read only padding (see the type's documentation).
    public func geometry(input: Size2D) throws -> WindowGeometry {
        try validate()
        let g = try WindowGeometry(
            input: input, kernel: kernel, stride: stride, dilation: dilation, padding: padding, ceilMode: ceilMode)
        if kind == .max || !countIncludePad {
            try checkEveryWindowReadsInput(
                axis: "row", input: g.input.height, output: g.output.height, kernel: g.kernel.height,
                stride: g.stride.height, dilation: g.dilation.height, padStart: g.padding.top, padEnd: g.padding.bottom)
            try checkEveryWindowReadsInput(
                axis: "column", input: g.input.width, output: g.output.width, kernel: g.kernel.width,
                stride: g.stride.width, dilation: g.dilation.width, padStart: g.padding.left, padEnd: g.padding.right)
        }
        return g
    }

    /// `[N, C, H, W]` → `[N, C, OH, OW]`.
    public func outputShape(input: Shape) throws -> Shape {
        try pooledShape(input, name: "pool", geometry: geometry(input:))
    }

    /// A 2-D window reads an input pixel iff each axis has a tap inside the input, so
    /// checking the axes one by one is enough. Window `o`'s taps are at `o·S − P0 + k·D`.
    private func checkEveryWindowReadsInput(
        axis: String, input: Int, output: Int, kernel: Int, stride: Int, dilation: Int, padStart: Int, padEnd: Int
    ) throws {
        for o in 0..<output {
            let start = o * stride - padStart
            let firstTap = start >= 0 ? 0 : (-start + dilation - 1) / dilation   // first k with tap >= 0
            if firstTap < kernel && start + firstTap * dilation < input { continue }
            let what = kind == .max ? "has no maximum" : "would divide 0 by 0 (count_include_pad is off)"
            let taps = kernel == 1 ? "\(start)" : "\(start), \(start + dilation)\(kernel > 2 ? ", ..." : "")"
            throw StrataError.invalidArgument(
                "\(kind) pooling: output \(axis) \(o) of \(output) reads only padding and \(what): input \(input), "
                    + "padding \(padStart) + \(padEnd), kernel \(kernel), dilation \(dilation), stride \(stride) "
                    + "put its taps at \(taps), outside 0..<\(input); reduce the padding")
        }
    }
}

/// `[N, C, H, W]` → `[N, C, OH, OW]` for a window pooling (`name`: "pool", "lp pool") whose
/// `geometry` gives the output plane; H and W must be >= 1 (only N or C may be 0, as in
/// onnxruntime).
func pooledShape(_ input: Shape, name: String, geometry: (Size2D) throws -> WindowGeometry) throws -> Shape {
    try expectRank(input, 4, name: "\(name) input", layout: "[N, C, H, W]")
    guard input[2] >= 1 && input[3] >= 1 else {
        throw StrataError.invalidShape(
            "\(name) input has shape \(input) with an empty plane (H \(input[2]), W \(input[3])); expected H and W >= 1 "
                + "(only N or C may be 0, as in onnxruntime)")
    }
    let g = try geometry(Size2D(height: input[2], width: input[3]))
    return try Shape([input[0], input[1], g.output.height, g.output.width])
}
