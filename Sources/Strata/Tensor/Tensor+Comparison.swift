/// How far one tensor is from another, with the worst element for test messages.
public struct TensorComparison: Sendable, CustomStringConvertible {
    /// ‖actual − expected‖₂ / max(‖expected‖₂, tiny): the relative Frobenius error.
    public let relativeError: Double
    /// Largest |actual − expected| over all elements.
    public let maxAbsoluteError: Double
    /// Row-major index of the element with the largest |actual − expected| (`[]` for
    /// empty tensors).
    public let worstIndex: [Int]
    /// The actual value at ``worstIndex`` (0 for empty tensors).
    public let worstActual: Float
    /// The expected value at ``worstIndex`` (0 for empty tensors).
    public let worstExpected: Float

    public var description: String {
        "relative error \(relativeError), max abs error \(maxAbsoluteError) at \(worstIndex) "
            + "(actual \(worstActual), expected \(worstExpected))"
    }
}

extension Tensor {
    /// Compares `self` (actual) with `expected`. Throws if the shapes differ.
    public func compared(with expected: Tensor) throws -> TensorComparison {
        guard shape == expected.shape else {
            throw StrataError.shapeMismatch("comparing shape \(shape) with expected shape \(expected.shape)")
        }
        // Two empty tensors of the same shape are equal; there is no worst element.
        if shape.isEmpty {
            return TensorComparison(relativeError: 0, maxAbsoluteError: 0, worstIndex: [], worstActual: 0, worstExpected: 0)
        }
        var squaredDifference = 0.0, squaredExpected = 0.0, worst = -1.0, worstOffset = 0
        withUnsafeBufferPointer { actual in
            expected.withUnsafeBufferPointer { wanted in
                for i in actual.indices {
                    let difference = Double(actual[i]) - Double(wanted[i])
                    squaredDifference += difference * difference
                    squaredExpected += Double(wanted[i]) * Double(wanted[i])
                    // `!(<=)` so the first NaN difference becomes, and stays, the worst element.
                    if !worst.isNaN && !(abs(difference) <= worst) { worst = abs(difference); worstOffset = i }
                }
            }
        }
        var index = [Int](repeating: 0, count: rank)
        var rest = worstOffset
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return TensorComparison(
            relativeError: squaredDifference.squareRoot() / max(squaredExpected.squareRoot(), Double.leastNormalMagnitude),
            maxAbsoluteError: worst.isNaN ? .nan : worst,
            worstIndex: index,
            worstActual: storage.buffer[worstOffset],
            worstExpected: expected.storage.buffer[worstOffset])
    }

    /// Elementwise `|a − b| <= atol + rtol·|b|` (numpy's `isclose`, `b` = expected) for
    /// every element, and the shapes equal. NaN is never close.
    public func isClose(to expected: Tensor, rtol: Float = 1e-5, atol: Float = 1e-6) -> Bool {
        guard shape == expected.shape else { return false }
        return withUnsafeBufferPointer { a in
            expected.withUnsafeBufferPointer { b in
                a.indices.allSatisfy { abs(a[$0] - b[$0]) <= atol + rtol * abs(b[$0]) }
            }
        }
    }
}
