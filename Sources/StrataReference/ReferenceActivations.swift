import Foundation

/// Naive activations: each element converted to Double, the textbook formula, rounded back.
///
/// Edges: NaN gives NaN everywhere (the comparisons are written so that it falls through).
/// Where a formula would compute ∞·0 at x = −∞ (GELU, tanh-GELU, SiLU, HardSwish), the
/// function's limit −0 is returned instead: each of them is x times a factor that tends to
/// 0, negative for x < 0. (onnxruntime and PyTorch evaluate ∞·0 = NaN there.)
extension Reference {
    /// max(0, x); −0 stays −0, NaN stays NaN (as onnxruntime).
    public static func relu<T: BinaryFloatingPoint>(_ x: [T]) -> [T] { pointwise(x) { $0 < 0 ? 0 : $0 } }

    /// x for x >= 0, alpha·x otherwise.
    public static func leakyReLU<T: BinaryFloatingPoint>(_ x: [T], alpha: Float) -> [T] {
        pointwise(x) { $0 >= 0 ? $0 : Double(alpha) * $0 }
    }

    /// min(max(x, low), high), in that order (ONNX Clip), so low > high gives `high`
    /// everywhere; NaN stays NaN (as onnxruntime).
    public static func clip<T: BinaryFloatingPoint>(_ x: [T], min low: Float, max high: Float) -> [T] {
        pointwise(x) { clamped($0, Double(low), Double(high)) }
    }

    /// 1 / (1 + e^−x)
    public static func sigmoid<T: BinaryFloatingPoint>(_ x: [T]) -> [T] { pointwise(x) { 1 / (1 + exp(-$0)) } }

    /// Hyperbolic tangent, (e^x − e^−x) / (e^x + e^−x), from libm in Double.
    public static func tanh<T: BinaryFloatingPoint>(_ x: [T]) -> [T] { pointwise(x) { Foundation.tanh($0) } }

    /// erf(x), from libm in Double.
    public static func erf<T: BinaryFloatingPoint>(_ x: [T]) -> [T] { pointwise(x) { Foundation.erf($0) } }

    /// 0.5·x·(1 + erf(x/√2)) = 0.5·x·erfc(−x/√2): the erfc form does not cancel for
    /// negative x (1 + erf(−7) is 0 in Double, erfc(7) is 4e−23).
    public static func gelu<T: BinaryFloatingPoint>(_ x: [T]) -> [T] {
        pointwise(x) { $0 == -.infinity ? -0.0 : 0.5 * $0 * erfc(-$0 / 2.0.squareRoot()) }
    }

    /// 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), evaluated as x·sigmoid(2u) (the
    /// same function: 1 + tanh(u) = 2/(1 + e^−2u)) because 1 + tanh(u) is 0 in Double once
    /// u < −19 while the true value is still a normal float.
    public static func geluTanh<T: BinaryFloatingPoint>(_ x: [T]) -> [T] {
        pointwise(x) { $0 == -.infinity ? -0.0 : $0 * stableSigmoid(2 * (2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0)) }
    }

    /// x·sigmoid(x)
    public static func silu<T: BinaryFloatingPoint>(_ x: [T]) -> [T] { pointwise(x) { $0 == -.infinity ? -0.0 : $0 * stableSigmoid($0) } }

    /// max(0, min(1, alpha·x + beta))
    public static func hardSigmoid<T: BinaryFloatingPoint>(_ x: [T], alpha: Float, beta: Float) -> [T] {
        pointwise(x) { clamped(Double(alpha) * $0 + Double(beta), 0, 1) }
    }

    /// x·max(0, min(1, x/6 + 0.5)) (ONNX HardSwish with alpha 1/6, beta 0.5; PyTorch
    /// Hardswish). For x <= −3 that is x·0 = −0.
    public static func hardSwish<T: BinaryFloatingPoint>(_ x: [T]) -> [T] {
        pointwise(x) { $0 == -.infinity ? -0.0 : $0 * clamped($0 / 6 + 0.5, 0, 1) }
    }

    /// Every activation by the name and parameters Strata's `Activation.spelling` gives it
    /// (`"leakyReLU"`, `[alpha]`): the reference table's activation entries, one line per
    /// function above. See ``activation(_:parameters:_:)``.
    public static let activations: [String: ActivationEntry] = coreActivations.merging(unaryMathActivations) { first, _ in first }

    /// An entry of ``activations``: how many parameters the function takes, and the function
    /// on Double elements (Float callers go through ``activation(_:parameters:_:)``, which
    /// rounds each result once).
    public typealias ActivationEntry = (parameterCount: Int, apply: @Sendable (_ x: [Double], _ p: [Double]) -> [Double])

    /// The functions of this file (the others are in `ReferenceUnaryMath.swift`).
    static let coreActivations: [String: ActivationEntry] = [
        "relu": (0, { x, _ in relu(x) }),
        "leakyReLU": (1, { x, p in leakyReLU(x, alpha: Float(p[0])) }),
        "clip": (2, { x, p in clip(x, min: Float(p[0]), max: Float(p[1])) }),
        "sigmoid": (0, { x, _ in sigmoid(x) }),
        "tanh": (0, { x, _ in tanh(x) }),
        "erf": (0, { x, _ in erf(x) }),
        "gelu": (0, { x, _ in gelu(x) }),
        "geluTanh": (0, { x, _ in geluTanh(x) }),
        "silu": (0, { x, _ in silu(x) }),
        "hardSigmoid": (2, { x, p in hardSigmoid(x, alpha: Float(p[0]), beta: Float(p[1])) }),
        "hardSwish": (0, { x, _ in hardSwish(x) }),
        "softsign": (0, { x, _ in softsign(x) }),
    ]

    /// The activation `function` with `parameters` applied to `x`, computed in Double and
    /// rounded to `T` once (exact for T = Double, which finite-difference tests use); nil
    /// when ``activations`` has no such function or it takes another number of parameters.
    public static func activation<T: BinaryFloatingPoint>(_ function: String, parameters: [Float], _ x: [T]) -> [T]? {
        guard let entry = activations[function], entry.parameterCount == parameters.count else { return nil }
        return entry.apply(x.map { Double($0) }, parameters.map { Double($0) }).map { T($0) }
    }

    /// x / (1 + |x|) (ONNX Softsign); ±∞ give the limits ±1 (the formula would be ∞/∞).
    public static func softsign<T: BinaryFloatingPoint>(_ x: [T]) -> [T] {
        pointwise(x) { $0.isInfinite ? ($0 < 0 ? -1 : 1) : $0 / (1 + Swift.abs($0)) }
    }

    /// min(max(x, low), high) with NaN passed through.
    private static func clamped(_ x: Double, _ low: Double, _ high: Double) -> Double {
        let raised = x < low ? low : x
        return raised > high ? high : raised
    }

    /// 1/(1 + e^−z) without overflow: e^z/(1 + e^z) for z < 0.
    private static func stableSigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// `f` on each element in Double, rounded back to `T` (exact for T = Double).
    private static func pointwise<T: BinaryFloatingPoint>(_ x: [T], _ f: (Double) -> Double) -> [T] {
        x.map { T(f(Double($0))) }
    }
}
