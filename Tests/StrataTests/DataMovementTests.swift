import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// Ops that only move data: constant padding and 2-D transpose (N-D: `TransposeTests`).
@Suite struct DataMovementTests {
    static let seed: UInt64 = 314

    @Test func randomPaddingsMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<60 {
            func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
            let shape = [pick(1...3), pick(1...5), pick(1...9), pick(1...9)]
            let padding = Padding2D(top: pick(0...3), left: pick(0...3), bottom: pick(0...3), right: pick(0...3))
            let value = [Float(0), -1.5, 2][pick(0...2)]
            let input = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
            let op = PadOp(padding, value: value)
            let actual = try GraphRunnerHarness.run(op, input, workers: index % 2 + 1)
            let expected = try referenceOutput(of: op, inputs: [input])
            #expect(actual.scalars == expected.scalars, "seed \(Self.seed) case \(index): \(shape) \(padding) value \(value)")
        }
    }

    /// x = [[1, 2]] padded top 1, left 1, right 0, bottom 0 with 9:
    /// [[9, 9, 9], [9, 1, 2]].
    @Test func handComputed() throws {
        let input = try Tensor(shape: [1, 1, 1, 2], values: [1, 2])
        let output = try GraphRunnerHarness.run(PadOp(Padding2D(top: 1, left: 1, bottom: 0, right: 0), value: 9), input, workers: 1)
        #expect(output.shape == [1, 1, 2, 3])
        #expect(output.scalars == [9, 9, 9, 9, 1, 2])
    }

    @Test func transposeMatchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for (rows, columns) in [(1, 1), (3, 17), (17, 3), (33, 40)] {
            let input = try Tensor.uniform([rows, columns], using: &rng)
            let actual = try GraphRunnerHarness.run(TransposeOp(), input, workers: 1)
            #expect(actual.shape == [columns, rows])
            #expect(actual.scalars == (try referenceOutput(of: TransposeOp(), inputs: [input])).scalars, "\(rows)x\(columns)")
        }
        #expect(throws: StrataError.self) { try TransposeOp(perm: [1, 0]).outputShape(for: [[1, 2, 3]]) }
    }

    @Test func overCroppingAndWrongRankAreErrors() throws {
        let crop = #expect(throws: StrataError.self) {
            try PadOp(Padding2D(top: -2, left: 0, bottom: -1, right: 0)).outputShape(for: [[1, 1, 2, 2]])
        }
        #expect(crop?.description.contains("pads -2 and -1 on axis 2 crop more than its size 2") == true)
        let error = #expect(throws: StrataError.self) { try PadOp(.all(1)).outputShape(for: [[2, 3]]) }
        #expect(error?.description.contains("do not fit input [2, 3]; expected 2 of each") == true)
    }
}

/// Runs one op on one input through a one-node graph (the unoptimized runner).
enum GraphRunnerHarness {
    static func run(_ op: any GraphOp, _ input: Tensor, workers: Int) throws -> Tensor {
        let b = try GraphBuilder(inputShape: input.shape.dimensions)
        let node = try b.add(op, [b.input])
        return try GraphRunner(b.build(outputs: [node]), workers: workers).run(input).output
    }
}
