@testable import Strata
import StrataDiagnostics
import Testing

/// ``WhereOp``: the three-operand broadcast kernel against the naive reference on seeded
/// random shapes (ranks 0-6, each operand broadcasting on its own axes), 1 and 2 workers,
/// outputs large enough to split; and values by hand.
@Suite struct WhereTests {
    static let seed: UInt64 = 20_261_129

    static func run(_ inputs: [Tensor], workers: Int) throws -> Tensor {
        let op = WhereOp()
        let shape = try op.outputShape(for: inputs.map(\.shape))
        let plan = try op.plan(inputs: inputs.map(\.shape), output: shape, workers: workers)
        var output = Tensor(shape: shape)
        withInputPointers(inputs) { pointers in
            output.withUnsafeMutableBufferPointer { plan.execute(inputs: pointers, output: $0.baseAddress!, workspace: nil) }
        }
        return output
    }

    @Test func randomBroadcastsMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<150 {
            let rank = Int.random(in: 0...6, using: &rng)
            let large = index % 10 == 0
            let output = (0..<rank).map { _ in Int.random(in: 1...(large ? 40 : 7), using: &rng) }
            func operand() -> [Int] {
                let dropped = Int.random(in: 0...rank, using: &rng)
                return output[dropped...].map { Int.random(in: 0...2, using: &rng) == 0 ? 1 : $0 }
            }
            var condition = try Tensor.uniform(operand(), low: -1, high: 1, using: &rng)
            condition.withUnsafeMutableBufferPointer { values in
                for i in values.indices { values[i] = values[i] < 0 ? 0 : 1 }
            }
            let inputs = [condition, try Tensor.uniform(operand(), using: &rng), try Tensor.uniform(operand(), using: &rng)]
            let expected = try referenceOutput(of: WhereOp(), inputs: inputs)
            for workers in [1, 2] {
                let actual = try Self.run(inputs, workers: workers)
                #expect(actual.shape == expected.shape && actual.scalars == expected.scalars,
                        "seed \(Self.seed) case \(index) shapes \(inputs.map(\.shape)), workers \(workers)")
            }
        }
    }

    /// The condition picks per element; a NaN condition is true (a C cast to bool); a
    /// scalar X and a per-row Y broadcast (ONNX Where's example: [[1, 2], [3, 4]] with
    /// [[9, 8], [7, 6]] under [[1, 0], [1, 1]] gives [[1, 8], [3, 4]]).
    @Test func valuesByHand() throws {
        let spec = try Self.run([Tensor(shape: [2, 2], values: [1, 0, 1, 1]), Tensor(shape: [2, 2], values: [1, 2, 3, 4]),
                                 Tensor(shape: [2, 2], values: [9, 8, 7, 6])], workers: 1)
        #expect(spec.scalars == [1, 8, 3, 4])
        let mixed = try Self.run([Tensor(shape: [3, 1], values: [0, .nan, 1]), Tensor(shape: [], values: [5]),
                                  Tensor(shape: [2], values: [-1, -2])], workers: 1)
        #expect(mixed.shape == [3, 2] && mixed.scalars == [-1, -2, 5, 5, 5, 5])
    }
}
