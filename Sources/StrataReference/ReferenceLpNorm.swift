extension Reference {
    /// ONNX LpNormalization along `axis` (0..<rank) of a row-major `shape`, in Double:
    /// y = x / (Σ|x|^p)^(1/p), p 1 or 2; a zero norm gives 0. A vector with infinities
    /// (and no NaN) gives ±1/m^(1/p) at each of its m infinities and ±0 elsewhere.
    public static func lpNorm(_ x: [Float], shape: [Int], axis: Int, p: Int) -> [Float] {
        let outer = shape[..<axis].reduce(1, *)
        let length = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var y = [Float](repeating: 0, count: x.count)
        for o in 0..<outer {
            for j in 0..<inner {
                let indices = (0..<length).map { (o * length + $0) * inner + j }
                let values = indices.map { Double(x[$0]) }
                let infinities = values.filter(\.isInfinite).count
                let norm: Double = p == 1 ? values.map(abs).reduce(0, +) : values.map { $0 * $0 }.reduce(0, +).squareRoot()
                for (i, v) in zip(indices, values) {
                    let result: Double
                    if values.contains(where: \.isNaN) {
                        result = .nan
                    } else if infinities > 0 {
                        let share = p == 1 ? Double(infinities) : Double(infinities).squareRoot()
                        result = v.isInfinite ? (v > 0 ? 1 : -1) / share : (v.sign == .minus ? -0.0 : 0.0)
                    } else {
                        result = norm == 0 ? 0 : v / norm
                    }
                    y[i] = Float(result)
                }
            }
        }
        return y
    }
}
