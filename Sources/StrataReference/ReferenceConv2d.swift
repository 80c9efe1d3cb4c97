/// Naive kernels that define what the fast engine must compute.
///
/// Written to be obviously right, not fast: plain nested loops over plain arrays,
/// accumulating in Double. This target shares no code (not even the Tensor type or the
/// output-size arithmetic) with `Strata`, so a bug in the engine cannot hide in both.
public enum Reference {}

/// Everything the reference convolution needs, spelled out one number at a time.
public struct ReferenceConv2dParameters: Sendable, CustomStringConvertible {
    /// Input sizes: batch N, channels C, height H, width W of the row-major `[N, C, H, W]` input.
    public var batch: Int, inChannels: Int, inHeight: Int, inWidth: Int
    /// Output channels OC and the kernel's height and width (weights are `[OC, C/groups, KH, KW]`).
    public var outChannels: Int, kernelHeight: Int, kernelWidth: Int
    /// Step between neighbouring windows, in input pixels, along height and width (1 or more).
    public var strideHeight: Int, strideWidth: Int
    /// Spacing between the taps of one window (1: dense kernel; 2: every other pixel), as ONNX's `dilations`.
    public var dilationHeight: Int, dilationWidth: Int
    /// Zeros added before (top, left) and after (bottom, right) the input, in pixels; may differ per side (ONNX `pads`).
    public var padTop: Int, padLeft: Int, padBottom: Int, padRight: Int
    /// Channel groups: output channel `oc` sees only input channels of group `oc / (OC/groups)`;
    /// must divide both C and OC (C for a depthwise convolution).
    public var groups: Int

    /// Spells out one convolution; every size is taken as given (nothing is validated: the
    /// caller's shapes define the test case).
    public init(
        batch: Int, inChannels: Int, inHeight: Int, inWidth: Int,
        outChannels: Int, kernelHeight: Int, kernelWidth: Int,
        strideHeight: Int = 1, strideWidth: Int = 1, dilationHeight: Int = 1, dilationWidth: Int = 1,
        padTop: Int = 0, padLeft: Int = 0, padBottom: Int = 0, padRight: Int = 0, groups: Int = 1
    ) {
        self.batch = batch; self.inChannels = inChannels; self.inHeight = inHeight; self.inWidth = inWidth
        self.outChannels = outChannels; self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight; self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight; self.dilationWidth = dilationWidth
        self.padTop = padTop; self.padLeft = padLeft; self.padBottom = padBottom; self.padRight = padRight
        self.groups = groups
    }

    /// Number of output rows: count the window positions one by one.
    public var outHeight: Int {
        Self.countWindows(size: inHeight + padTop + padBottom, span: dilationHeight * (kernelHeight - 1) + 1, step: strideHeight)
    }

    /// Number of output columns, counted window by window like ``outHeight``.
    public var outWidth: Int {
        Self.countWindows(size: inWidth + padLeft + padRight, span: dilationWidth * (kernelWidth - 1) + 1, step: strideWidth)
    }

    private static func countWindows(size: Int, span: Int, step: Int) -> Int {
        var count = 0
        var start = 0
        while start + span <= size {
            count += 1
            start += step
        }
        return count
    }

    public var description: String {
        "N\(batch) C\(inChannels) \(inHeight)x\(inWidth) -> OC\(outChannels) k\(kernelHeight)x\(kernelWidth) "
            + "s\(strideHeight)x\(strideWidth) d\(dilationHeight)x\(dilationWidth) "
            + "pad(t\(padTop) l\(padLeft) b\(padBottom) r\(padRight)) groups \(groups)"
    }
}

extension Reference {
    /// Direct convolution, the textbook definition:
    ///
    ///     out[n, oc, oy, ox] = bias[oc] + Σ_{ic in oc's group, ky, kx}
    ///         w[oc, ic − groupStart, ky, kx] · in[n, ic, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw]
    ///
    /// with pixels outside the input read as 0.
    /// Arrays are row-major: input `[N, C, H, W]`, weights `[OC, C/groups, KH, KW]`,
    /// bias `[OC]`; the result is `[N, OC, outHeight, outWidth]`.
    ///
    /// Generic over the element type: `Float` for the engine's comparisons, `Double` for
    /// finite-difference gradient checks (a Double loss differenced at a small step keeps
    /// its digits, a float32 one would not). Sums run in Double either way.
    @inlinable
    public static func conv2d<T: BinaryFloatingPoint>(
        input: [T], weights: [T], bias: [T]?, _ p: ReferenceConv2dParameters
    ) -> [T] {
        let outHeight = p.outHeight, outWidth = p.outWidth
        let inPerGroup = p.inChannels / p.groups
        let outPerGroup = p.outChannels / p.groups
        var output = [T](repeating: 0, count: p.batch * p.outChannels * outHeight * outWidth)
        for n in 0..<p.batch {
            for oc in 0..<p.outChannels {
                let group = oc / outPerGroup
                for oy in 0..<outHeight {
                    for ox in 0..<outWidth {
                        var sum = Double(bias?[oc] ?? 0)
                        for icInGroup in 0..<inPerGroup {
                            let ic = group * inPerGroup + icInGroup
                            for ky in 0..<p.kernelHeight {
                                for kx in 0..<p.kernelWidth {
                                    let y = oy * p.strideHeight - p.padTop + ky * p.dilationHeight
                                    let x = ox * p.strideWidth - p.padLeft + kx * p.dilationWidth
                                    if y < 0 || y >= p.inHeight || x < 0 || x >= p.inWidth { continue }
                                    let inputValue = input[((n * p.inChannels + ic) * p.inHeight + y) * p.inWidth + x]
                                    let weightValue = weights[((oc * inPerGroup + icInGroup) * p.kernelHeight + ky) * p.kernelWidth + kx]
                                    sum += Double(inputValue) * Double(weightValue)
                                }
                            }
                        }
                        output[((n * p.outChannels + oc) * outHeight + oy) * outWidth + ox] = T(sum)
                    }
                }
            }
        }
        return output
    }
}
