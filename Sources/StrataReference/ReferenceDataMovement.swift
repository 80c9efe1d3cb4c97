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
    /// ONNX Transpose of a row-major array of any rank: output axis `k` is input axis
    /// `perm[k]`, so output index `o` reads input index `i` with `i[perm[k]] = o[k]`.
    /// Every output element is found from its full index.
    public static func transpose(_ x: [Float], shape: [Int], perm: [Int]) -> [Float] {
        let rank = shape.count
        let outputShape = perm.map { shape[$0] }
        var y: [Float] = []
        for flat in 0..<outputShape.reduce(1, *) {
            var output = [Int](repeating: 0, count: rank)
            var rest = flat
            for axis in (0..<rank).reversed() {
                output[axis] = rest % outputShape[axis]
                rest /= outputShape[axis]
            }
            var input = [Int](repeating: 0, count: rank)
            for k in 0..<rank { input[perm[k]] = output[k] }
            var offset = 0
            for axis in 0..<rank { offset = offset * shape[axis] + input[axis] }
            y.append(x[offset])
        }
        return y
    }

    /// The transpose of a row-major `[rows, columns]` matrix.
    public static func transpose2D(_ x: [Float], rows: Int, columns: Int) -> [Float] {
        var y = [Float](repeating: 0, count: x.count)
        for r in 0..<rows {
            for c in 0..<columns { y[c * rows + r] = x[r * columns + c] }
        }
        return y
    }
}
