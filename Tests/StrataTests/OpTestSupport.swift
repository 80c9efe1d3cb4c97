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

/// The first element where |actual − expected| > bound·max(1, |expected|), as a message,
/// or nil: an elementwise check on top of the Frobenius one, for pointwise ops.
func firstElementOutside(_ bound: Double, _ actual: [Float], _ expected: [Float], inputs: [Float]) -> String? {
    for i in actual.indices {
        let (a, e) = (Double(actual[i]), Double(expected[i]))
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
    ]

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
