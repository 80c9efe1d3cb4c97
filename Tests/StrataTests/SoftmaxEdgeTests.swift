import Strata
import StrataReference
import Testing

/// Softmax rows holding ±∞, NaN and huge magnitudes (issue 8, item 1), as onnxruntime
/// computes them: a row with a NaN, a +∞, or only −∞ is NaN throughout (the naive
/// e^(x − max) / Σ gives ∞ − ∞ or NaN); −∞ next to a finite maximum gives exactly 0.
@Suite struct SoftmaxEdgeTests {
    static let largest = Float.greatestFiniteMagnitude
    static let nan = Float.nan

    /// Rows and onnxruntime 1.32's outputs for them (Softmax, opset 13, axis 1 on the rows
    /// and axis 0 on their transpose, the same numbers), printed by
    /// `Scripts/make-onnx-cases --print-edge-values`.
    static let cases: [(row: [Float], expected: [Float])] = [
        ([-.infinity, -.infinity, -.infinity, -.infinity], [nan, nan, nan, nan]),
        ([1, .infinity, 2, 3], [nan, nan, nan, nan]),
        ([.infinity, .infinity, 1, 2], [nan, nan, nan, nan]),
        ([1, nan, 2, 3], [nan, nan, nan, nan]),
        ([-.infinity, 1, 2, -.infinity], [0, 0.268_941_43, 0.731_058_6, 0]),
        ([.infinity, -.infinity, 1, 2], [nan, nan, nan, nan]),
        ([nan, -.infinity, .infinity, 1], [nan, nan, nan, nan]),
        ([largest, -largest, 0, 1], [1, 0, 0, 0]),
        ([-largest, -largest, -largest, -largest], [0.25, 0.25, 0.25, 0.25]),
        ([1e30, 1e30, -1e30, 0], [0.5, 0.5, 0, 0]),
    ]

    /// NaN for NaN, bit for bit for 0, within 2 ulps otherwise.
    static func matches(_ actual: Float, _ expected: Float) -> Bool {
        if expected.isNaN { return actual.isNaN }
        if expected == 0 { return actual.bitPattern == expected.bitPattern }
        return abs(actual - expected) <= 2 * expected.ulp
    }

    static func run(_ x: [Float], shape: [Int], axis: Int, workers: Int = 1) throws -> [Float] {
        let s = try softmaxShape(Shape(shape), axis: axis)
        return x.withUnsafeBufferPointer { p in
            kernelOutput(count: x.count) { softmax(p.baseAddress!, into: $0, shape: s, axis: axis, workers: workers) }
        }
    }

    /// Every case as contiguous rows (axis −1) and as columns of the transpose (axis 0, the
    /// strided kernel); the reference must agree as well.
    @Test func rowsAndColumnsMatchOnnxruntime() throws {
        let n = Self.cases.count
        let rows = Self.cases.flatMap(\.row)
        let byRows = try Self.run(rows, shape: [n, 4], axis: -1)
        let transposed = (0..<4 * n).map { rows[($0 % n) * 4 + $0 / n] }          // [4, n]
        let byColumns = try Self.run(transposed, shape: [4, n], axis: 0)
        let reference = Reference.softmax(rows, shape: [n, 4], axis: 1)
        for (r, c) in Self.cases.enumerated() {
            for j in 0..<4 {
                let expected = c.expected[j]
                #expect(Self.matches(byRows[r * 4 + j], expected), "row \(c.row): element \(j) = \(byRows[r * 4 + j]), onnxruntime \(expected)")
                #expect(Self.matches(byColumns[j * n + r], expected), "column \(c.row): element \(j) = \(byColumns[j * n + r]), onnxruntime \(expected)")
                #expect(Self.matches(reference[r * 4 + j], expected), "reference \(c.row): element \(j) = \(reference[r * 4 + j]), onnxruntime \(expected)")
            }
        }
    }

    /// Rows of 33 (four vectors and a tail): a +∞ in the vector part, all −∞, a NaN in the
    /// tail. onnxruntime 1.32 gives NaN for all 33 elements of each (same command).
    @Test func longRowsWithSpecialsAreNaN() throws {
        var x = [Float](repeating: 0, count: 3 * 33)
        x[5] = .infinity
        for i in 33..<66 { x[i] = -.infinity }
        x[66 + 32] = .nan
        for workers in [1, 2] {
            let y = try Self.run(x, shape: [3, 33], axis: -1, workers: workers)
            #expect(y.allSatisfy { $0.isNaN }, "workers \(workers): \(y.filter { !$0.isNaN })")
        }
    }

    /// Tiny probabilities keep their value instead of a clamped exponent's 1.2e−38: in
    /// [100, 0, −100, −200] element 1 is e^−100 ≈ 3.7e−44 (subnormal), elements 2 and 3
    /// are e^−200 and e^−300, 0 in float. (onnxruntime flushes the subnormal to 0; the
    /// reference and Strata keep it.)
    @Test func tinyProbabilitiesAgreeWithReference() throws {
        let x: [Float] = [100, 0, -100, -200, 0, -87, -95, -103]
        let y = try Self.run(x, shape: [2, 4], axis: -1)
        let expected = Reference.softmax(x, shape: [2, 4], axis: 1)
        for i in x.indices {
            // Subnormal results carry fewer bits: compare in units of their own spacing.
            #expect(abs(y[i] - expected[i]) <= 2 * expected[i].ulp, "element \(i): \(y[i]), reference \(expected[i])")
        }
        #expect(y[1] > 0 && y[2] == 0 && y[3] == 0, "\(y)")
    }
}
