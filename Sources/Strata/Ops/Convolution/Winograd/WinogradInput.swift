/// The input transform: `V[ξ·α + ν][c][j] = (Bᵀ·d·B)[ξ][ν]` for the α×α window `d` of
/// channel c under tile j of a block.
///
/// Per tile row and channel, the band of α input rows the row's tiles read is first
/// deinterleaved by phase, `band[r][q][tw] = x[th·m − top + r][tw·m − left + q]` (q < m,
/// zeros outside the input), so that tap (r, k) of tiles tw..tw+7 is one contiguous
/// vector, `band[r][k mod m][tw + k/m ..< tw + k/m + 8]`: the transform then runs on 8
/// tiles per vector with no shuffles, and its 8 results per point are one vector store.
/// Bands overlap by 2 rows, so each input pixel is deinterleaved α/m times.
enum WinogradInput {
    /// Transforms `channels` of the tiles `tiles` into `v`.
    /// - Parameters:
    ///   - input: `[N, IC, H, W]`
    ///   - v: `[α², IC, stride]`, points `pointStride` floats apart (`>= IC·stride`); tile
    ///     `tiles.lowerBound + j` goes to column j. Up to 7 columns past the last tile are
    ///     overwritten too (`stride >= tiles.count + 7`).
    ///   - band: `[α, m, phaseStride]` floats of scratch.
    static func transform<K: WinogradKernel>(
        _: K.Type, tiling: WinogradTiling, input: UnsafePointer<Float>, tiles: Range<Int>, channels: Range<Int>,
        v: UnsafeMutablePointer<Float>, stride: Int, pointStride: Int, band: UnsafeMutablePointer<Float>
    ) {
        let α = K.inputTile
        let planeSize = tiling.input.height * tiling.input.width
        withUnsafeTemporaryAllocation(of: FloatVector.self, capacity: α * α) { scratch in
            // Runs in order, so a run's last vector spills only into columns the next run
            // writes afterwards, or past the block.
            tiling.forEachRun(tiles) { image, tileRow, columns, offset in
                for c in channels {
                    deinterleave(K.self, tiling: tiling, plane: input + (image * tiling.inChannels + c) * planeSize,
                                 tileRow: tileRow, band: band)
                    let destination = v + c * stride + offset - columns.lowerBound
                    for tw in Swift.stride(from: columns.lowerBound, to: columns.upperBound, by: 8) {
                        transformVector(K.self, band: band, phaseStride: tiling.phaseStride, column: tw,
                                        scratch: scratch.baseAddress!, v: destination + tw, pointStride: pointStride)
                    }
                }
            }
        }
    }

    /// `band[r][q][tw] = plane[th·m − top + r][tw·m − left + q]`, zero outside the plane.
    @inline(__always)
    static func deinterleave<K: WinogradKernel>(
        _: K.Type, tiling: WinogradTiling, plane: UnsafePointer<Float>, tileRow: Int, band: UnsafeMutablePointer<Float>
    ) {
        let (m, α) = (K.outputTile, K.inputTile)
        let (height, width) = (tiling.input.height, tiling.input.width)
        let (left, phaseStride) = (tiling.padding.left, tiling.phaseStride)
        // Tile columns whose m pixels all lie inside the row (tw·m >= left and
        // tw·m − left + m <= width), and the first whose pixels all lie past its end.
        let first = min(phaseStride, (left + m - 1) / m)
        let last = max(first, width + left >= m ? min(phaseStride, (width + left - m) / m + 1) : 0)
        let outside = max(last, min(phaseStride, (width + left + m - 1) / m))
        for r in 0..<α {
            let destination = band + r * m * phaseStride
            let ih = tileRow * m - tiling.padding.top + r
            guard ih >= 0 && ih < height else {
                destination.update(repeating: 0, count: m * phaseStride)
                continue
            }
            let row = plane + ih * width - left
            @inline(__always) func edge(_ tw: Int) {
                for q in 0..<m {
                    let iw = tw * m + q - left
                    destination[q * phaseStride + tw] = iw >= 0 && iw < width ? row[tw * m + q] : 0
                }
            }
            for tw in 0..<first { edge(tw) }
            var tw = first
            switch m {
            case 4:
                while tw + 8 <= last {
                    let pixels = UnsafeRawPointer(row + 4 * tw).loadUnaligned(as: SIMD32<Float>.self)
                    let (even, odd) = (pixels.evenHalf, pixels.oddHalf)
                    storeVector(even.evenHalf, to: destination + tw)
                    storeVector(odd.evenHalf, to: destination + phaseStride + tw)
                    storeVector(even.oddHalf, to: destination + 2 * phaseStride + tw)
                    storeVector(odd.oddHalf, to: destination + 3 * phaseStride + tw)
                    tw += 8
                }
                if tw + 4 <= last {
                    let pixels = UnsafeRawPointer(row + 4 * tw).loadUnaligned(as: SIMD16<Float>.self)
                    let (even, odd) = (pixels.evenHalf, pixels.oddHalf)
                    UnsafeMutableRawPointer(destination + tw).storeBytes(of: even.evenHalf, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(destination + phaseStride + tw).storeBytes(of: odd.evenHalf, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(destination + 2 * phaseStride + tw).storeBytes(of: even.oddHalf, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(destination + 3 * phaseStride + tw).storeBytes(of: odd.oddHalf, as: SIMD4<Float>.self)
                    tw += 4
                }
            case 2:
                while tw + 8 <= last {
                    let pixels = UnsafeRawPointer(row + 2 * tw).loadUnaligned(as: SIMD16<Float>.self)
                    storeVector(pixels.evenHalf, to: destination + tw)
                    storeVector(pixels.oddHalf, to: destination + phaseStride + tw)
                    tw += 8
                }
                if tw + 4 <= last {
                    let pixels = UnsafeRawPointer(row + 2 * tw).loadUnaligned(as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(destination + tw).storeBytes(of: pixels.evenHalf, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(destination + phaseStride + tw).storeBytes(of: pixels.oddHalf, as: SIMD4<Float>.self)
                    tw += 4
                }
            default:
                break
            }
            while tw < last {
                for q in 0..<m { destination[q * phaseStride + tw] = row[tw * m + q] }
                tw += 1
            }
            for tw in last..<outside { edge(tw) }
            for q in 0..<m { (destination + q * phaseStride + outside).update(repeating: 0, count: phaseStride - outside) }
        }
    }

    /// `Bᵀ·d·B` of the 8 tiles starting at column `tw` of a deinterleaved band; point p of
    /// tile tw + l goes to `v[p·pointStride + l]`.
    @inline(__always)
    static func transformVector<K: WinogradKernel>(
        _: K.Type, band: UnsafePointer<Float>, phaseStride: Int, column tw: Int,
        scratch: UnsafeMutablePointer<FloatVector>, v: UnsafeMutablePointer<Float>, pointStride: Int
    ) {
        let (m, α) = (K.outputTile, K.inputTile)
        // z = Bᵀ·d, column by column, then z·B row by row, straight into V.
        for k in 0..<α {
            let column = band + (k % m) * phaseStride + tw + k / m
            K.input({ r in loadVector(column + r * m * phaseStride) }, { i, value in scratch[i * α + k] = value })
        }
        for i in 0..<α {
            K.input({ j in scratch[i * α + j] }, { j, value in storeVector(value, to: v + (i * α + j) * pointStride) })
        }
    }
}
