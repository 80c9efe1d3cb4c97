import Strata
import StrataReference
import StrataDiagnostics
import Testing

/// Shared helpers of the op tests (activations, normalizations, elementwise, linear):
/// random data, running a kernel on plain arrays, comparing with the reference.

/// Largest relative Frobenius error any op may have against its reference.
let opTolerance = 1e-5

/// `count` floats drawn uniformly from [low, high).
func randomFloats(_ count: Int, low: Float = -1, high: Float = 1, using generator: inout SeededGenerator) -> [Float] {
    (0..<count).map { _ in generator.nextUniform(low, high) }
}

/// One size drawn from each range.
func randomDimensions(_ ranges: [ClosedRange<Int>], using generator: inout SeededGenerator) -> [Int] {
    ranges.map { Int.random(in: $0, using: &generator) }
}

/// Runs a kernel that writes `count` floats. The buffer starts as NaN, so an element the
/// kernel forgets to write shows up in any comparison.
func kernelOutput(count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> Void) rethrows -> [Float] {
    var output = [Float](repeating: .nan, count: count)
    try output.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    return output
}

/// Calls `body` with a pointer to each (non-empty) array's elements.
func withPointers<R>(_ arrays: [[Float]], _ body: ([UnsafePointer<Float>]) throws -> R) rethrows -> R {
    func nest(_ index: Int, _ collected: [UnsafePointer<Float>]) throws -> R {
        guard index < arrays.count else { return try body(collected) }
        return try arrays[index].withUnsafeBufferPointer { try nest(index + 1, collected + [$0.baseAddress!]) }
    }
    return try nest(0, [])
}

/// `actual` against `expected`, both laid out as `shape`.
func compare(_ actual: [Float], _ expected: [Float], shape: [Int]) throws -> TensorComparison {
    try Tensor(shape: shape, values: actual).compared(with: Tensor(shape: shape, values: expected))
}

/// The first element where |actual − expected| > bound·max(1, |expected|) (equal infinities
/// and NaN against NaN match), as a message, or nil: an elementwise check on top of the Frobenius one, for pointwise ops.
func firstElementOutside(_ bound: Double, _ actual: [Float], _ expected: [Float], inputs: [Float]) -> String? {
    for i in actual.indices {
        let (a, e) = (Double(actual[i]), Double(expected[i]))
        if a == e || (a.isNaN && e.isNaN) { continue }   // infinities, and NaN where both are
        if !(abs(a - e) <= bound * max(1, abs(e))) {
            return "element \(i): f(\(inputs[i])) = \(actual[i]), expected \(expected[i])"
        }
    }
    return nil
}

extension Activation {
    /// Every case, with the parameters real networks use.
    static let samples: [Activation] = [
        .relu, .leakyReLU(alpha: 0.1), .relu6, .clip(min: -1.5, max: 0.5), .sigmoid, .tanh, .gelu, .geluTanh,
        .silu, .hardSigmoid(alpha: 0.2, beta: 0.5), .pytorchHardSigmoid, .hardSwish, .erf, .softsign,
        .sqrt, .exp, .log, .abs, .neg, .reciprocal, .floor, .ceil, .round, .sign,
        .elu(alpha: 0.7), .selu(alpha: 1.673_263_2, gamma: 1.050_701), .celu(alpha: 1.3), .softplus, .mish,
        .thresholdedReLU(alpha: 0.4), .shrink(bias: 0.1, lambd: 0.5), .logicalNot,
    ] + NumericFormat.allCases.map { .cast($0) }

    /// The samples that are continuous and defined on every real, so a fused epilogue and
    /// the reference agree within rounding on any input: what the fusion tests draw from.
    /// (Rounding, steps, casts and thresholds jump where a rounding difference of the
    /// producer can move an input across; √, ln and 1/x need their domain.)
    static let continuousSamples: [Activation] = samples.filter { activation in
        switch activation {
        case .sqrt, .log, .reciprocal, .floor, .ceil, .round, .sign, .thresholdedReLU, .shrink, .logicalNot, .cast: false
        default: true
        }
    }

    /// `x` moved into the function's domain for the random comparisons: |x| for √ and ln,
    /// whose negative inputs give NaN (checked by the specials tests instead).
    func domain(_ x: [Float]) -> [Float] { needsPositiveInput ? x.map { Swift.abs($0) } : x }

    var needsPositiveInput: Bool { self == .sqrt || self == .log }

    /// Whether NaN gives NaN: not for the functions defined by comparisons (ThresholdedRelu,
    /// Shrink and Not, as the ONNX formulas and onnxruntime give) nor for the integer and BOOL casts.
    var propagatesNaN: Bool {
        switch self {
        case .thresholdedReLU, .shrink, .logicalNot: false
        case .cast(let format): format == .float16 || format == .bfloat16
        default: true
        }
    }

    /// The same activation computed by the reference table; NaNs and a recorded issue
    /// when it has no reference.
    func reference(_ x: [Float]) -> [Float] {
        do { return try referenceValues(x) } catch {
            Issue.record("\(error)")
            return x.map { _ in .nan }
        }
    }
}

extension Optional where Wrapped == Activation {
    /// The reference activation, or the identity for nil.
    func reference(_ x: [Float]) -> [Float] { self?.reference(x) ?? x }

    var name: String { self?.name ?? "none" }
}
