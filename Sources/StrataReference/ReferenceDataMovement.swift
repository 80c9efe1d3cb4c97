extension Reference {
    /// ONNX Pad, element by element: crop the negative amounts, then extend each axis by
    /// `mode` ("constant", "reflect", "edge", "wrap") with numpy's rules. Written
    /// independently of the engine's table-driven kernel.
    public static func pad(
        _ x: [Float], shape: [Int], begins: [Int], ends: [Int], mode: String, value: Float
    ) -> [Float] {
        let rank = shape.count
        let outShape = (0..<rank).map { shape[$0] + begins[$0] + ends[$0] }
        let count = outShape.reduce(1, *)
        var y = [Float](repeating: value, count: count)
        var inStrides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { inStrides[axis] = inStrides[axis + 1] * shape[axis + 1] }
        for position in 0..<count {
            var rest = position
            var sourceOffset = 0
            var constant = false
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                let o = rest % outShape[axis]
                rest /= outShape[axis]
                // Cropping: the kept input indices are first ... last.
                let first = max(0, -begins[axis]), last = shape[axis] - 1 - max(0, -ends[axis])
                var s = o - begins[axis]
                if s < first || s > last {
                    switch mode {
                    case "edge": s = s < first ? first : last
                    case "wrap":
                        let n = last - first + 1
                        while s < first { s += n }
                        while s > last { s -= n }
                    case "reflect":
                        while s < first || s > last { s = s < first ? 2 * first - s : 2 * last - s }
                    default: constant = true
                    }
                }
                sourceOffset += s * inStrides[axis]
            }
            if !constant { y[position] = x[sourceOffset] }
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
