/// The hyper-parameters of a 2-D transposed convolution (ONNX ConvTranspose, PyTorch
/// `ConvTranspose2d`), independent of any input size. Weights `[IC, OC/groups, KH, KW]`
/// (the layout of both), bias `[OC]`.
///
/// Per axis, with input size `I`, kernel `K`, stride `S`, dilation `D`, padding `P0` + `P1`
/// and output padding `A` (ONNX `output_padding`, PyTorch `output_padding`):
///
///     O = S·(I − 1) + D·(K − 1) + 1 + A − P0 − P1          (ONNX ConvTranspose, "output_shape")
///
/// and input pixel `i`, tap `k` adds `x[i]·w[k]` to output pixel `i·S − P0 + k·D` when it
/// lies in `[0, O)`. `A` only adds rows at the end (which receive the bias and whatever taps
/// reach them); it must be smaller than the stride, as onnxruntime and PyTorch require.
/// ONNX's `auto_pad` and `output_shape` are resolved into `P0`, `P1`, `A` by the importer.
public struct ConvTranspose2dConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// Channels IC of the input `[N, IC, H, W]`.
    public var inChannels: Int
    /// Channels OC of the output.
    public var outChannels: Int
    /// The kernel's height and width KH x KW.
    public var kernel: Size2D
    /// `S`: the step, in output pixels, between where neighbouring input pixels land.
    public var stride: Size2D
    /// `D`: spacing between the kernel's taps in the output.
    public var dilation: Size2D
    /// `P0` (top, left) and `P1` (bottom, right): output pixels cropped from each side.
    public var padding: Padding2D
    /// `A`: rows and columns added at the end of the output; smaller than the stride.
    public var outputPadding: Size2D
    /// Channel groups; must divide IC and OC.
    public var groups: Int

    /// A configuration, not yet checked (see ``validate(weightShape:biasShape:)``); every argument
    /// sets the property of the same name.
    public init(
        inChannels: Int, outChannels: Int, kernel: Size2D, stride: Size2D = 1, dilation: Size2D = 1,
        padding: Padding2D = .zero, outputPadding: Size2D = Size2D(0, 0), groups: Int = 1
    ) {
        (self.inChannels, self.outChannels, self.kernel, self.stride) = (inChannels, outChannels, kernel, stride)
        (self.dilation, self.padding, self.outputPadding, self.groups) = (dilation, padding, outputPadding, groups)
    }

    /// `[IC, OC/groups, KH, KW]`.
    public var weightDimensions: [Int] { [inChannels, outChannels / max(groups, 1), kernel.height, kernel.width] }

    public var description: String {
        "convtranspose \(inChannels)->\(outChannels) kernel \(kernel) stride \(stride) dilation \(dilation) "
            + "padding \(padding) output padding \(outputPadding) groups \(groups)"
    }

    /// Checks everything that does not depend on the input size.
    public func validate() throws {
        guard inChannels >= 1, outChannels >= 1, groups >= 1, inChannels % groups == 0, outChannels % groups == 0 else {
            throw StrataError.invalidArgument(
                "convtranspose with \(inChannels) input and \(outChannels) output channels in \(groups) groups; "
                    + "expected channels >= 1 and groups >= 1 dividing both")
        }
        for (name, value) in [("kernel", kernel), ("stride", stride), ("dilation", dilation)] {
            guard value.height >= 1, value.width >= 1, max(value.height, value.width) <= WindowGeometry.maximumSize else {
                throw StrataError.invalidArgument("convtranspose \(name) must be in 1...\(WindowGeometry.maximumSize) on both axes, got \(value)")
            }
        }
        let p = padding
        guard min(p.top, p.left, p.bottom, p.right) >= 0, max(p.top, p.left, p.bottom, p.right) <= WindowGeometry.maximumSize else {
            throw StrataError.invalidArgument("convtranspose padding must be in 0...\(WindowGeometry.maximumSize) on every side, got \(p)")
        }
        guard outputPadding.height >= 0, outputPadding.width >= 0,
              outputPadding.height < stride.height, outputPadding.width < stride.width else {
            throw StrataError.invalidArgument(
                "convtranspose output padding \(outputPadding.height)x\(outputPadding.width) must be >= 0 and smaller than "
                    + "the stride \(stride.height)x\(stride.width) (onnxruntime and PyTorch refuse more)")
        }
    }

    /// Checks the configuration and that the weight is `[IC, OC/groups, KH, KW]` and the bias `[OC]`.
    /// - Throws: ``StrataError`` naming the bad value or shape and what was expected.
    public func validate(weightShape: Shape, biasShape: Shape?) throws {
        try validate()
        guard weightShape.dimensions == weightDimensions else {
            throw StrataError.shapeMismatch(
                "convtranspose weight has shape \(weightShape); expected \(weightDimensions) [IC, OC/groups, KH, KW]")
        }
        if let biasShape, biasShape.dimensions != [outChannels] {
            throw StrataError.shapeMismatch("convtranspose bias has shape \(biasShape); expected [\(outChannels)]")
        }
    }

    /// The output plane for an `input` plane; throws when it would be empty.
    public func outputSize(input: Size2D) throws -> Size2D {
        try validate()
        func axis(_ name: String, _ i: Int, _ k: Int, _ s: Int, _ d: Int, _ p0: Int, _ p1: Int, _ a: Int) throws -> Int {
            // Every factor is at most 2^31 − 1, so none of this overflows.
            let o = s * (i - 1) + d * (k - 1) + 1 + a - p0 - p1
            guard o >= 1 else {
                throw StrataError.invalidArgument(
                    "convtranspose output \(name) would be \(o): stride \(s) · (input \(i) − 1) + dilation \(d) · (kernel \(k) − 1) + 1 "
                        + "+ output padding \(a) − padding \(p0) − \(p1); expected >= 1 (reduce the padding)")
            }
            return o
        }
        guard input.height >= 1, input.width >= 1, max(input.height, input.width) <= WindowGeometry.maximumSize else {
            throw StrataError.invalidShape("convtranspose input plane \(input.height)x\(input.width); expected sizes in 1...\(WindowGeometry.maximumSize)")
        }
        return Size2D(
            try axis("height", input.height, kernel.height, stride.height, dilation.height, padding.top, padding.bottom, outputPadding.height),
            try axis("width", input.width, kernel.width, stride.width, dilation.width, padding.left, padding.right, outputPadding.width))
    }

    /// The geometry of the convolution this one transposes: its input is the transposed
    /// convolution's output plane, its output the transposed convolution's input plane,
    /// which is what ``col2im(col:channels:geometry:image:)`` walks. The end padding is
    /// reduced by the output padding (the rows `A` adds are not read by that convolution).
    public func forwardGeometry(input: Size2D) throws -> WindowGeometry {
        let output = try outputSize(input: input)
        let g = try WindowGeometry(
            input: output, kernel: kernel, stride: stride, dilation: dilation,
            padding: .explicit(Padding2D(top: padding.top, left: padding.left,
                                         bottom: max(0, padding.bottom - outputPadding.height),
                                         right: max(0, padding.right - outputPadding.width))))
        precondition(g.output == input, "convtranspose geometry: \(g.output) columns for input \(input)")
        return g
    }

    /// The fast path's exact precondition: kernel equal to the stride, no padding, no
    /// dilation, no output padding. Each input pixel then writes its own disjoint
    /// `S_H × S_W` output block (the x2 upsampling heads of DBNet-style detectors), so the
    /// GEMM's columns are scattered, never summed.
    public var isDisjointBlocks: Bool {
        kernel == stride && dilation == 1 && padding == .zero && outputPadding == Size2D(0, 0)
    }
}
