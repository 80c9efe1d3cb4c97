/// Everything the reference transposed convolution needs, one number at a time.
public struct ReferenceConvTranspose2dParameters: Sendable, CustomStringConvertible {
    /// Input sizes: batch N, channels IC, height H, width W of the row-major `[N, IC, H, W]` input.
    public var batch: Int, inChannels: Int, inHeight: Int, inWidth: Int
    /// Output channels OC and the kernel's height and width (weights are `[IC, OC/groups, KH, KW]`,
    /// ONNX ConvTranspose's layout).
    public var outChannels: Int, kernelHeight: Int, kernelWidth: Int
    /// Step between the positions where neighbouring input pixels scatter into the output.
    public var strideHeight: Int, strideWidth: Int
    /// Spacing between the kernel's taps in the output, as ONNX's `dilations`.
    public var dilationHeight: Int, dilationWidth: Int
    /// Output pixels cropped from the top, left, bottom and right of the full result (ONNX `pads`).
    public var padTop: Int, padLeft: Int, padBottom: Int, padRight: Int
    /// Extra rows and columns added at the bottom and right of the output (ONNX `output_padding`).
    public var outputPaddingHeight: Int, outputPaddingWidth: Int
    /// Channel groups; must divide both IC and OC.
    public var groups: Int

    /// Spells out one transposed convolution; every size is taken as given.
    public init(
        batch: Int, inChannels: Int, inHeight: Int, inWidth: Int, outChannels: Int, kernelHeight: Int, kernelWidth: Int,
        strideHeight: Int = 1, strideWidth: Int = 1, dilationHeight: Int = 1, dilationWidth: Int = 1,
        padTop: Int = 0, padLeft: Int = 0, padBottom: Int = 0, padRight: Int = 0,
        outputPaddingHeight: Int = 0, outputPaddingWidth: Int = 0, groups: Int = 1
    ) {
        self.batch = batch; self.inChannels = inChannels; self.inHeight = inHeight; self.inWidth = inWidth
        self.outChannels = outChannels; self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight; self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight; self.dilationWidth = dilationWidth
        self.padTop = padTop; self.padLeft = padLeft; self.padBottom = padBottom; self.padRight = padRight
        self.outputPaddingHeight = outputPaddingHeight; self.outputPaddingWidth = outputPaddingWidth
        self.groups = groups
    }

    /// ONNX ConvTranspose: `S·(I − 1) + output_padding + ((K − 1)·D + 1) − pads`.
    public var outHeight: Int {
        strideHeight * (inHeight - 1) + outputPaddingHeight + (kernelHeight - 1) * dilationHeight + 1 - padTop - padBottom
    }

    /// ONNX ConvTranspose along the width: `S·(I − 1) + output_padding + ((K − 1)·D + 1) − pads`.
    public var outWidth: Int {
        strideWidth * (inWidth - 1) + outputPaddingWidth + (kernelWidth - 1) * dilationWidth + 1 - padLeft - padRight
    }

    public var description: String {
        "N\(batch) IC\(inChannels) \(inHeight)x\(inWidth) OC\(outChannels) k\(kernelHeight)x\(kernelWidth) "
            + "s\(strideHeight)x\(strideWidth) d\(dilationHeight)x\(dilationWidth) "
            + "pad(t\(padTop) l\(padLeft) b\(padBottom) r\(padRight)) outpad \(outputPaddingHeight)x\(outputPaddingWidth) g\(groups)"
    }
}

extension Reference {
    /// Transposed convolution by scattering: every input pixel `x[n, ci, iy, ix]` adds
    /// `x · w[ci, co, ky, kx]` to `y[n, g·OCg + co, iy·sh − pt + ky·dh, ix·sw − pl + kx·dw]`
    /// where that lies inside the output (ONNX ConvTranspose; PyTorch `conv_transpose2d`),
    /// `g` the group of `ci`; then the bias. Input `[N, IC, H, W]`, weights
    /// `[IC, OC/groups, KH, KW]`, result `[N, OC, outHeight, outWidth]`. Double sums.
    public static func convTranspose2d(input: [Float], weights: [Float], bias: [Float]?,
                                       _ p: ReferenceConvTranspose2dParameters) -> [Float] {
        let (outH, outW) = (p.outHeight, p.outWidth)
        let icPerGroup = p.inChannels / p.groups, ocPerGroup = p.outChannels / p.groups
        var sums = [Double](repeating: 0, count: p.batch * p.outChannels * outH * outW)
        for n in 0..<p.batch {
            for ci in 0..<p.inChannels {
                let g = ci / icPerGroup
                for iy in 0..<p.inHeight {
                    for ix in 0..<p.inWidth {
                        let x = Double(input[((n * p.inChannels + ci) * p.inHeight + iy) * p.inWidth + ix])
                        for co in 0..<ocPerGroup {
                            for ky in 0..<p.kernelHeight {
                                for kx in 0..<p.kernelWidth {
                                    let oy = iy * p.strideHeight - p.padTop + ky * p.dilationHeight
                                    let ox = ix * p.strideWidth - p.padLeft + kx * p.dilationWidth
                                    if oy < 0 || oy >= outH || ox < 0 || ox >= outW { continue }
                                    let w = Double(weights[((ci * ocPerGroup + co) * p.kernelHeight + ky) * p.kernelWidth + kx])
                                    sums[((n * p.outChannels + g * ocPerGroup + co) * outH + oy) * outW + ox] += x * w
                                }
                            }
                        }
                    }
                }
            }
        }
        var output = [Float](repeating: 0, count: sums.count)
        for i in sums.indices {
            let channel = (i / (outH * outW)) % p.outChannels
            output[i] = Float(sums[i] + Double(bias?[channel] ?? 0))
        }
        return output
    }
}
