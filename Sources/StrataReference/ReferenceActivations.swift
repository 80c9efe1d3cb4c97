import Foundation

/// Naive activations: each element converted to Double, the textbook formula, rounded back.
extension Reference {
    /// max(0, x)
    public static func relu(_ x: [Float]) -> [Float] { pointwise(x) { max(0, $0) } }

    /// x for x >= 0, alpha·x otherwise.
    public static func leakyReLU(_ x: [Float], alpha: Float) -> [Float] {
        pointwise(x) { $0 >= 0 ? $0 : Double(alpha) * $0 }
    }

    /// min(max(x, low), high)
    public static func clip(_ x: [Float], min low: Float, max high: Float) -> [Float] {
        pointwise(x) { min(max($0, Double(low)), Double(high)) }
    }

    /// 1 / (1 + e^−x)
    public static func sigmoid(_ x: [Float]) -> [Float] { pointwise(x) { 1 / (1 + exp(-$0)) } }

    public static func tanh(_ x: [Float]) -> [Float] { pointwise(x) { Foundation.tanh($0) } }

    /// erf(x), from libm in Double.
    public static func erf(_ x: [Float]) -> [Float] { pointwise(x) { Foundation.erf($0) } }

    /// 0.5·x·(1 + erf(x/√2))
    public static func gelu(_ x: [Float]) -> [Float] { pointwise(x) { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) } }

    /// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    public static func geluTanh(_ x: [Float]) -> [Float] {
        pointwise(x) { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }
    }

    /// x·sigmoid(x)
    public static func silu(_ x: [Float]) -> [Float] { pointwise(x) { $0 / (1 + exp(-$0)) } }

    /// max(0, min(1, alpha·x + beta))
    public static func hardSigmoid(_ x: [Float], alpha: Float, beta: Float) -> [Float] {
        pointwise(x) { max(0, min(1, Double(alpha) * $0 + Double(beta))) }
    }

    /// x·max(0, min(1, x/6 + 0.5))
    public static func hardSwish(_ x: [Float]) -> [Float] { pointwise(x) { $0 * max(0, min(1, $0 / 6 + 0.5)) } }

    private static func pointwise(_ x: [Float], _ f: (Double) -> Double) -> [Float] {
        x.map { Float(f(Double($0))) }
    }
}
