/// The hyper-parameters of a 2-D convolution, independent of any input size.
///
/// Weights are `[outChannels, inChannels / groups, kernel.height, kernel.width]`
/// and the optional bias is `[outChannels]`, as in PyTorch and ONNX.
public struct Conv2dConfiguration: Hashable, Sendable {
    /// Channels C of the input `[N, C, H, W]`.
    public var inChannels: Int
    /// Channels OC of the output (the number of filters).
    public var outChannels: Int
    /// The kernel's height and width KH x KW.
    public var kernel: Size2D
    /// Step between neighbouring windows, in input pixels (ONNX `strides`).
    public var stride: Size2D
    /// Zero padding: `.valid` (none), `.same` (output size `ceil(input / stride)`, ONNX
    /// `SAME_UPPER`: the odd pixel goes after) or explicit pixels per side (ONNX `pads`).
    public var padding: Padding
    /// Spacing between the kernel's taps (ONNX `dilations`, PyTorch `dilation`); 1 is a dense kernel.
    public var dilation: Size2D
    /// Input and output channels are split into `groups` independent convolutions;
    /// `groups == inChannels` is a depthwise convolution.
    public var groups: Int

    /// A configuration, not yet checked (convolution planning checks it against an input shape);
    /// every argument sets the property of the same name.
    public init(
        inChannels: Int, outChannels: Int, kernel: Size2D, stride: Size2D = 1,
        padding: Padding = .valid, dilation: Size2D = 1, groups: Int = 1
    ) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
    }

    /// The weight tensor's dimensions: `[OC, IC/groups, KH, KW]`.
    public var weightDimensions: [Int] { [outChannels, inChannels / max(groups, 1), kernel.height, kernel.width] }

    /// Checks everything that does not depend on the input size.
    public func validate() throws {
        guard inChannels >= 1, outChannels >= 1 else {
            throw StrataError.invalidArgument("channels must be >= 1, got in \(inChannels), out \(outChannels)")
        }
        guard groups >= 1 else { throw StrataError.invalidArgument("groups must be >= 1, got \(groups)") }
        guard inChannels % groups == 0, outChannels % groups == 0 else {
            throw StrataError.invalidArgument(
                "groups \(groups) must divide both in channels \(inChannels) and out channels \(outChannels)")
        }
        for (name, value) in [("kernel", kernel), ("stride", stride), ("dilation", dilation)] {
            guard value.height >= 1, value.width >= 1 else {
                throw StrataError.invalidArgument("\(name) must be >= 1 on both axes, got \(value.height)x\(value.width)")
            }
        }
    }

    /// Checks a weight (and bias) shape against this configuration.
    public func validate(weightShape: Shape, biasShape: Shape?) throws {
        try validate()
        try expectRank(weightShape, 4, name: "conv weight", layout: "\(weightDimensions)")
        guard weightShape.dimensions == weightDimensions else {
            throw StrataError.shapeMismatch(
                "conv weight has shape \(weightShape); expected \(weightDimensions) [OC, IC/groups, KH, KW]")
        }
        if let biasShape, biasShape.dimensions != [outChannels] {
            throw StrataError.shapeMismatch("conv bias has shape \(biasShape); expected [\(outChannels)]")
        }
    }
}
