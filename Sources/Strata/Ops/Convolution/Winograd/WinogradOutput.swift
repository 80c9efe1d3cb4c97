/// The output transform with the convolution's epilogue: `Y = Aᵀ·M·A + bias` for each
/// tile, then the fused activation, written to the output plane with the tiles that stick
/// out of it clipped.
///
/// Eight tiles of a tile row are transformed per vector (lane l = tile tw + l, the layout
/// the GEMMs leave), their m×m results interleaved into m staging rows of the whole run,
/// and each staging row copied to the output through the activation once the run is done.
enum WinogradOutput {
    /// Writes `channels` (output channels) of the tiles `tiles` from `mm`.
    /// - Parameters:
    ///   - mm: `[α², OC, stride]`, points `pointStride` floats apart (`>= OC·stride`), tile
    ///     `tiles.lowerBound + j` at column j; up to 7 columns past the last tile are read
    ///     (their lanes are dropped).
    ///   - bias: `[OC]` or nil
    ///   - output: `[N, OC, OH, OW]`
    ///   - staging: `[m, m·phaseStride]` floats of scratch.
    ///   - avx2: run the variant's C kernel (``WinogradKernel/outputAVX2``), if it has one,
    ///     instead of the Swift one.
    static func transform<K: WinogradKernel>(
        _: K.Type, tiling: WinogradTiling, mm: UnsafePointer<Float>, stride: Int, pointStride: Int,
        tiles: Range<Int>, channels: Range<Int>,
        bias: UnsafePointer<Float>?, activation: Activation?, output: UnsafeMutablePointer<Float>,
        staging: UnsafeMutablePointer<Float>, avx2: Bool
    ) {
        let (m, α) = (K.outputTile, K.inputTile)
        let (outHeight, outWidth) = (tiling.output.height, tiling.output.width)
        let stagingStride = m * tiling.phaseStride
        withUnsafeTemporaryAllocation(of: FloatVector.self, capacity: α * α) { scratch in
            tiling.forEachRun(tiles) { image, tileRow, columns, offset in
                let top = tileRow * m
                let rowsInside = min(m, outHeight - top)
                let left = columns.lowerBound * m
                let width = min(columns.upperBound * m, outWidth) - left
                for oc in channels {
                    let source = mm + oc * stride + offset - columns.lowerBound
                    if avx2, let kernel = K.outputAVX2 {
                        kernel(source + columns.lowerBound, pointStride, columns.lowerBound, columns.upperBound,
                                     bias?[oc] ?? 0, staging, stagingStride)
                    } else {
                        for tw in Swift.stride(from: columns.lowerBound, to: columns.upperBound, by: 8) {
                            transformVector(K.self, mm: source + tw, pointStride: pointStride, bias: bias?[oc] ?? 0,
                                            scratch: scratch.baseAddress!, staging: staging + (tw - columns.lowerBound) * m,
                                            stagingStride: stagingStride)
                        }
                    }
                    let plane = output + ((image * tiling.outChannels + oc) * outHeight + top) * outWidth + left
                    for i in 0..<rowsInside {
                        if let activation {
                            activation.apply(staging + i * stagingStride, into: plane + i * outWidth, count: width)
                        } else {
                            (plane + i * outWidth).update(from: staging + i * stagingStride, count: width)
                        }
                    }
                }
            }
        }
    }

    /// `Aᵀ·M·A + bias` of 8 tiles; output pixel (i, j) of tile l goes to
    /// `staging[i·stagingStride + l·m + j]`.
    @inline(__always)
    static func transformVector<K: WinogradKernel>(
        _: K.Type, mm: UnsafePointer<Float>, pointStride: Int, bias: Float,
        scratch: UnsafeMutablePointer<FloatVector>, staging: UnsafeMutablePointer<Float>, stagingStride: Int
    ) {
        let (m, α) = (K.outputTile, K.inputTile)
        // z = Aᵀ·M column by column ([m, α]), then z·A row by row, interleaved into staging.
        for k in 0..<α {
            K.output({ r in loadVector(mm + (r * α + k) * pointStride) }, { i, value in scratch[i * α + k] = value })
        }
        let offset = FloatVector(repeating: bias)
        for i in 0..<m {
            let row = staging + i * stagingStride
            K.output({ k in scratch[i * α + k] }, { j, value in
                let biased = value + offset
                for lane in 0..<8 { row[lane * m + j] = biased[lane] }
            })
        }
    }
}
