extension Reference {
    /// Constant padding of H and W of `[N, C, H, W]`: every output position either maps back
    /// to an input position or holds `value`.
    public static func padSpatial(
        _ x: [Float], shape: [Int], top: Int, left: Int, bottom: Int, right: Int, value: Float
    ) -> [Float] {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (outH, outW) = (h + top + bottom, w + left + right)
        var y = [Float](repeating: 0, count: n * c * outH * outW)
        for plane in 0..<(n * c) {
            for oy in 0..<outH {
                for ox in 0..<outW {
                    let (iy, ix) = (oy - top, ox - left)
                    let inside = iy >= 0 && iy < h && ix >= 0 && ix < w
                    y[(plane * outH + oy) * outW + ox] = inside ? x[(plane * h + iy) * w + ix] : value
                }
            }
        }
        return y
    }
}

extension Reference {
    /// The transpose of a row-major `[rows, columns]` matrix.
    public static func transpose2D(_ x: [Float], rows: Int, columns: Int) -> [Float] {
        var y = [Float](repeating: 0, count: x.count)
        for r in 0..<rows {
            for c in 0..<columns { y[c * rows + r] = x[r * columns + c] }
        }
        return y
    }
}
