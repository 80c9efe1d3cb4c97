@testable import Strata
import StrataDiagnostics
import Testing

/// ONNX Pad in every mode, with cropping: values from onnxruntime, and the table-driven
/// kernel against the element-by-element reference on random shapes.
@Suite struct PadTests {
    static func pad(_ values: [Float], shape: [Int], begins: [Int], ends: [Int], _ mode: PadMode, value: Float = 0) throws -> Tensor {
        let op = PadOp(PadConfiguration(begins: begins, ends: ends, mode: mode, value: value))
        return try GraphRunnerHarness.run(op, Tensor(shape: shape, values: values), workers: 1)
    }

    /// x = [0, 1, 2, 3, 4] as [1, 5], padded on axis 1; expected values printed by
    /// onnxruntime 1.32 (opset 19 Pad with pads as an initializer).
    @Test(arguments: [
        (PadMode.reflect, [0, 2, 0, 1], [2, 1, 0, 1, 2, 3, 4, 3] as [Float]),
        (.reflect, [0, -1, 0, 3], [1, 2, 3, 4, 3, 2, 1]),
        (.edge, [0, 2, 0, 1], [0, 0, 0, 1, 2, 3, 4, 4]),
        (.edge, [0, -1, 0, 3], [1, 2, 3, 4, 4, 4, 4]),
        (.edge, [0, 6, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]),
        (.wrap, [0, 2, 0, 1], [3, 4, 0, 1, 2, 3, 4, 0]),
        (.wrap, [0, -1, 0, 3], [1, 2, 3, 4, 1, 2, 3]),
        (.wrap, [0, 6, 0, 0], [4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4]),
        (.constant, [0, -1, 0, 3], [1, 2, 3, 4, 0, 0, 0]),
        (.constant, [0, -2, 0, -1], [2, 3]),
    ])
    func matchesOnnxruntime(mode: PadMode, pads: [Int], expected: [Float]) throws {
        let y = try Self.pad([0, 1, 2, 3, 4], shape: [1, 5], begins: Array(pads[..<2]), ends: Array(pads[2...]), mode)
        #expect(y.scalars == expected, "\(mode) \(pads)")
    }

    /// The case: opset 13 constant 0.5 with pads [0,0,-1,2, 0,0,1,-2] on [1,2,5,6]:
    /// rows shift down by one (crop the first, pad one at the end), columns shift right by
    /// two (pad two at the start, crop two at the end).
    @Test func cropAndPadTogether() throws {
        let x = (0..<60).map(Float.init)
        let y = try Self.pad(x, shape: [1, 2, 5, 6], begins: [0, 0, -1, 2], ends: [0, 0, 1, -2], .constant, value: 0.5)
        #expect(y.shape == [1, 2, 5, 6])
        for c in 0..<2 {
            for row in 0..<5 {
                for column in 0..<6 {
                    let (sr, sc) = (row + 1, column - 2)
                    let expected: Float = sr < 5 && sc >= 0 ? x[(c * 5 + sr) * 6 + sc] : 0.5
                    #expect(y[0, c, row, column] == expected, "c \(c) row \(row) column \(column)")
                }
            }
        }
    }

    @Test func modeLimitsAreErrors() throws {
        let reflect = #expect(throws: StrataError.self) {
            try PadOp(PadConfiguration(begins: [0, 6], ends: [0, 0], mode: .reflect)).outputShape(for: [[1, 5]])
        }
        #expect(reflect?.description.contains("reflect padding of 6 on axis 1 needs at least 7 kept elements") == true)
        #expect(throws: StrataError.self) {
            try PadOp(PadConfiguration(begins: [0, 1], ends: [0, 1], mode: .edge)).outputShape(for: [[1, 0]])
        }
        #expect(try PadOp(PadConfiguration(begins: [0, 1], ends: [0, 1])).outputShape(for: [[1, 0]]) == [1, 2])
    }

    /// Random ranks 1-5, sizes, amounts (negative too) and modes: the kernel equals the
    /// reference exactly (both only move values).
    @Test func kernelEqualsReferenceOnRandomCases() throws {
        let seed: UInt64 = 91
        var rng = SeededGenerator(seed: seed)
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        var checked = 0
        for trial in 0..<300 {
            let rank = pick(1...5)
            let shape = (0..<rank).map { _ in pick(1...5) }
            let mode = PadMode.allCases[pick(0...3)]
            var begins: [Int] = [], ends: [Int] = []
            for size in shape {
                begins.append(pick(-size / 2...3))
                ends.append(pick(-size / 2...3))
            }
            let configuration = PadConfiguration(begins: begins, ends: ends, mode: mode, value: -7)
            guard (try? configuration.outputShape(input: Shape(shape))) != nil else { continue }   // a mode limit
            let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
            let expected = try referenceOutput(of: PadOp(configuration), inputs: [x]).scalars
            for workers in [1, 2] {
                let y = try GraphRunnerHarness.run(PadOp(configuration), x, workers: workers)
                #expect(y.scalars == expected, "seed \(seed) trial \(trial): \(shape) \(configuration) workers \(workers)")
            }
            checked += 1
        }
        #expect(checked > 150, "seed \(seed): only \(checked) cases within the mode limits")
    }
}
