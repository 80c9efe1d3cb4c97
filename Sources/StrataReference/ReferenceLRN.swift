import Foundation

extension Reference {
    /// ONNX LRN on a `[N, C, ...]` array, element by element in Double:
    /// y = x / (bias + alpha/size · Σ x[i]²)^beta over channels
    /// i ∈ [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉] ∩ [0, C).
    /// Edges: a NaN in the window gives NaN; x = ±∞ (alpha > 0, beta > 0) gives the limit of
    /// x / (bias + k·x²)^beta: ±0 for beta > 0.5, ±1/√k at beta = 0.5, ±∞ below.
    public static func lrn(_ x: [Float], shape: [Int], size: Int, alpha: Float, beta: Float, bias: Float) -> [Float] {
        let (batch, channels) = (shape[0], shape[1])
        let spatial = shape[2...].reduce(1, *)
        let k = Double(alpha) / Double(size)
        let b = Double(beta)
        var y = [Float](repeating: 0, count: x.count)
        for n in 0..<batch {
            for c in 0..<channels {
                let low = max(0, c - (size - 1) / 2)
                let high = min(channels - 1, c + Int((Double(size - 1) / 2).rounded(.up)))
                for s in 0..<spatial {
                    var sum = 0.0
                    for i in low...high {
                        let v = Double(x[(n * channels + i) * spatial + s])
                        sum += v * v
                    }
                    let value = Double(x[(n * channels + c) * spatial + s])
                    let result: Double
                    if sum.isNaN {
                        result = .nan
                    } else if value.isInfinite && k > 0 && b > 0 {
                        let magnitude = b > 0.5 ? 0 : b == 0.5 ? 1 / k.squareRoot() : Double.infinity
                        result = value < 0 ? -magnitude : magnitude
                    } else {
                        result = value / pow(Double(bias) + k * sum, b)
                    }
                    y[(n * channels + c) * spatial + s] = Float(result)
                }
            }
        }
        return y
    }
}
