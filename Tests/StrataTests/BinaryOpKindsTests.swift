@testable import Strata
import StrataDiagnostics
import Testing

/// Every ``BinaryOp`` kind (add, sub, mul, div, prelu): the fast broadcast kernel against
/// the naive reference on seeded random broadcast shapes, with 1 and 3 workers, and a few
/// values by hand.
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
            let a = try Tensor.uniform(operand(), low: -2, high: 2, using: &rng)
            // Divisors and slopes away from 0: |b| in [0.5, 2].
            var b = try Tensor.uniform(operand(), low: 0.5, high: 2, using: &rng)
            b.withUnsafeMutableBufferPointer { values in
                for i in values.indices where Bool.random(using: &rng) { values[i] = -values[i] }
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
