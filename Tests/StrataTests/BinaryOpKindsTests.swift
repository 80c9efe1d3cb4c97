@testable import Strata
import StrataDiagnostics
import Testing

/// Every ``BinaryOp`` kind (arithmetic, PRelu, Pow, Min, Max, comparisons, logic): the fast
/// broadcast kernel against the naive reference on seeded random broadcast shapes, with 1
/// and 3 workers, and a few values by hand.
@Suite struct BinaryOpKindsTests {
    static let seed: UInt64 = 20_261_128

    func run(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, workers: Int) throws -> Tensor {
        let shape = try op.outputShape(for: [a.shape, b.shape])
        let plan = try op.plan(inputs: [a.shape, b.shape], output: shape, workers: workers)
        var output = Tensor(shape: shape)
        withInputPointers([a, b]) { pointers in
            output.withUnsafeMutableBufferPointer { plan.execute(inputs: pointers, output: $0.baseAddress!, workspace: nil) }
        }
        return output
    }

    @Test(arguments: BinaryOp.Kind.allCases)
    func randomBroadcastsMatchReference(_ kind: BinaryOp.Kind) throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<120 {
            let rank = Int.random(in: 1...4, using: &rng)
            let output = (0..<rank).map { _ in Int.random(in: 1...9, using: &rng) }
            func operand() -> [Int] {
                let dropped = Int.random(in: 0..<rank, using: &rng)
                return output[dropped...].map { Int.random(in: 0...2, using: &rng) == 0 ? 1 : $0 }
            }
            var a = try Tensor.uniform(operand(), low: -2, high: 2, using: &rng)
            // Divisors and slopes away from 0: |b| in [0.5, 2].
            var b = try Tensor.uniform(operand(), low: 0.5, high: 2, using: &rng)
            b.withUnsafeMutableBufferPointer { values in
                for i in values.indices where Bool.random(using: &rng) { values[i] = -values[i] }
            }
            switch kind {
            case .pow:
                // Positive bases (a negative one needs an integer exponent), and every
                // fourth exponent an integer so the exact powers of negative bases run too.
                a.withUnsafeMutableBufferPointer { values in
                    for i in values.indices { values[i] = abs(values[i]) }
                }
                if index % 4 == 0 {
                    a.withUnsafeMutableBufferPointer { values in for i in values.indices { values[i] -= 1 } }
                    b.withUnsafeMutableBufferPointer { values in for i in values.indices { values[i] = (2 * values[i]).rounded() } }
                }
            case .equal, .less, .greater, .lessOrEqual, .greaterOrEqual, .and, .or, .xor, .min, .max:
                // Small integers, so ties and zeros (false) are common.
                for t in [0, 1] {
                    let rounding: (inout Tensor) -> Void = { tensor in
                        tensor.withUnsafeMutableBufferPointer { values in for i in values.indices { values[i] = values[i].rounded() } }
                    }
                    if t == 0 { rounding(&a) } else { rounding(&b) }
                }
            default: break
            }
            let op = BinaryOp(kind)
            let expected = try referenceOutput(of: op, inputs: [a, b])
            for workers in [1, 3] {
                let comparison = try run(op, a, b, workers: workers).compared(with: expected)
                #expect(comparison.relativeError <= 1e-6,
                        "seed \(Self.seed) case \(index) \(kind) \(a.shape) with \(b.shape), workers \(workers): \(comparison)")
            }
        }
    }

    @Test func valuesByHand() throws {
        let x = try Tensor(shape: [1, 2, 1, 2], values: [-2, 3, -4, 5])
        let perChannel = try Tensor(shape: [2, 1, 1], values: [0.5, 0.25])
        #expect(try run(BinaryOp(.prelu), x, perChannel, workers: 1).scalars == [-1, 3, -1, 5])
        #expect(try run(BinaryOp(.sub), x, perChannel, workers: 1).scalars == [-2.5, 2.5, -4.25, 4.75])
        #expect(try run(BinaryOp(.div), x, perChannel, workers: 1).scalars == [-4, 6, -16, 20])
        #expect(try run(BinaryOp(.sub), perChannel, x, workers: 1).shape == [1, 2, 1, 2])
    }

    /// Pow's special cases (C powf, as onnxruntime): exact integer powers of negative bases,
    /// NaN for a negative base with a fractional exponent, x^0 = 1 and 1^y = 1 even for NaN,
    /// 0^−1 = +∞, (−0)^−1 = −∞; the square is x·x.
    @Test func powByHand() throws {
        let a = try Tensor(shape: [12], values: [-2, -2, -8, 0, 0, -0.0, .infinity, -.infinity, 2, .nan, 1, -1])
        let b = try Tensor(shape: [12], values: [0.5, 3, 1.0 / 3, 0, -1, -1, -1, 3, .nan, 0, .nan, .infinity])
        let y = try run(BinaryOp(.pow), a, b, workers: 1).scalars
        let expected: [Float] = [.nan, -8, .nan, 1, .infinity, -.infinity, 0, -.infinity, .nan, 1, 1, 1]
        for i in expected.indices {
            #expect(expected[i].isNaN ? y[i].isNaN : y[i] == expected[i], "pow(\(a.scalars[i]), \(b.scalars[i])) = \(y[i])")
        }
        let squares = try run(BinaryOp(.pow), Tensor(shape: [3], values: [-3, 1.5, -0.0]), Tensor(shape: [], values: [2]), workers: 1)
        #expect(squares.scalars == [9, 2.25, 0])
    }

    /// Min and Max propagate NaN (onnxruntime), keep the first of equal operands (−0, +0),
    /// and the comparisons and logic give 0/1 (NaN compares false; NaN is true as a BOOL).
    @Test func minMaxComparisonsAndLogicByHand() throws {
        let a = try Tensor(shape: [6], values: [.nan, 1, 2, -0.0, 0, 3])
        let b = try Tensor(shape: [6], values: [1, .nan, 3, 0, -0.0, 3])
        let minimum = try run(BinaryOp(.min), a, b, workers: 1).scalars
        let maximum = try run(BinaryOp(.max), a, b, workers: 1).scalars
        #expect(minimum[0].isNaN && minimum[1].isNaN && maximum[0].isNaN && maximum[1].isNaN)
        #expect(Array(minimum[2...]) == [2, -0.0, 0, 3] && minimum[3].sign == .minus && minimum[4].sign == .plus)
        #expect(Array(maximum[2...]) == [3, -0.0, 0, 3] && maximum[3].sign == .minus && maximum[4].sign == .plus)
        #expect(try run(BinaryOp(.equal), a, b, workers: 1).scalars == [0, 0, 0, 1, 1, 1])
        #expect(try run(BinaryOp(.less), a, b, workers: 1).scalars == [0, 0, 1, 0, 0, 0])
        #expect(try run(BinaryOp(.greater), a, b, workers: 1).scalars == [0, 0, 0, 0, 0, 0])
        #expect(try run(BinaryOp(.lessOrEqual), a, b, workers: 1).scalars == [0, 0, 1, 1, 1, 1])
        #expect(try run(BinaryOp(.greaterOrEqual), a, b, workers: 1).scalars == [0, 0, 0, 1, 1, 1])
        let p = try Tensor(shape: [4, 1], values: [0, 1, 0, .nan]), q = try Tensor(shape: [2], values: [0, 2])
        #expect(try run(BinaryOp(.and), p, q, workers: 1).scalars == [0, 0, 0, 1, 0, 0, 0, 1])
        #expect(try run(BinaryOp(.or), p, q, workers: 1).scalars == [0, 1, 1, 1, 0, 1, 1, 1])
        #expect(try run(BinaryOp(.xor), p, q, workers: 1).scalars == [0, 1, 1, 0, 0, 1, 1, 0])
    }

    /// Found by ONNX's pytorch-converted `test_PReLU_3d`: before broadcasting went N-D,
    /// PRelu on a rank-5 input with batch > 1 left the second batch item at 0.
    @Test func preluAtRankFiveWithABatch() throws {
        let graph = try Graph(inputs: [("x", [2, 2, 1, 1, 2]), ("slope", [2, 1, 1, 1])], nodes: [
            .init(name: "y", op: BinaryOp(.prelu), inputs: ["x", "slope"]),
        ], outputs: ["y"])
        let x = try Tensor(shape: [2, 2, 1, 1, 2], values: [-1, 2, -3, 4, -5, 6, -7, 8])
        let slope = try Tensor(shape: [2, 1, 1, 1], values: [0.5, 0.25])
        for workers in [1, 2] {
            let y = try GraphRunner(graph, workers: workers).run(["x": x, "slope": slope])["y"]!
            #expect(y.scalars == [-0.5, 2, -0.75, 4, -2.5, 6, -1.75, 8], "workers \(workers)")
        }
    }
}
