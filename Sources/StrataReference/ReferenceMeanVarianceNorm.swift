extension Reference {
    /// ONNX MeanVarianceNormalization over `axes` (resolved) of a row-major `shape`, in
    /// Double: y = (x − mean) / (√(mean of (x − mean)²) + 1e-9), the spec's function body.
    public static func meanVarianceNorm(_ x: [Float], shape: [Int], axes: [Int]) -> [Float] {
        let rank = shape.count
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        // Group every element by its index on the kept axes.
        var groups: [Int: [Int]] = [:]
        for position in 0..<x.count {
            var key = 0
            for axis in 0..<rank where !axes.contains(axis) { key = key * shape[axis] + position / strides[axis] % shape[axis] }
            groups[key, default: []].append(position)
        }
        var y = [Float](repeating: 0, count: x.count)
        for members in groups.values {
            let values = members.map { Double(x[$0]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            for (i, v) in zip(members, values) { y[i] = Float((v - mean) / (variance.squareRoot() + 1e-9)) }
        }
        return y
    }

    /// LayerNormalization's Mean (`inverse` false) or InvStdDev = 1/√(σ² + epsilon) output:
    /// one value per index of the axes before `axis`, over the axes from `axis` on.
    public static func layerNormStatistics(_ x: [Float], shape: [Int], axis: Int, inverse: Bool, epsilon: Float) -> [Float] {
        let inner = shape[axis...].reduce(1, *)
        let outer = shape[..<axis].reduce(1, *)
        return (0..<outer).map { o in
            let values = x[o * inner..<(o + 1) * inner].map(Double.init)
            let mean = values.reduce(0, +) / Double(inner)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(inner)
            return Float(inverse ? 1 / (variance + Double(epsilon)).squareRoot() : mean)
        }
    }
}
