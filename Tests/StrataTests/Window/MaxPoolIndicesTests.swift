@testable import Strata
import StrataDiagnostics
import Testing

/// MaxPool's Indices output: the kernel against the reference in both storage orders, and
/// hand values (ties keep the first, NaN wins, column-major within the plane).
@Suite struct MaxPoolIndicesTests {
    @Test func randomWindowsMatchTheReference() throws {
        let seed: UInt64 = 4_201
        var rng = SeededGenerator(seed: seed)
        for trial in 0..<150 {
            let configuration = Pool2dConfiguration.max(
                kernel: Size2D(Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng)),
                stride: Size2D(Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng)),
                padding: [.valid, .same, .symmetric(1)].randomElement(using: &rng)!,
                dilation: Size2D(Int.random(in: 1...2, using: &rng), Int.random(in: 1...2, using: &rng)), ceilMode: Bool.random(using: &rng))
            let shape = [Int.random(in: 1...2, using: &rng), Int.random(in: 1...3, using: &rng),
                         Int.random(in: 2...9, using: &rng), Int.random(in: 2...10, using: &rng)]
            guard (try? configuration.outputShape(input: Shape(shape))) != nil else { continue }
            // Values from a few levels, so ties happen.
            let x = try Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(Int.random(in: -3...3, using: &rng)) })
            for order in IndexOrder.allCases {
                let op = MaxPoolIndicesOp(configuration, order: order)
                let expected = try referenceOutput(of: op, inputs: [x])
                for workers in [1, 2] {
                    let (runner, compiled) = try runThroughGraphs(op, [x], workers: workers)
                    #expect(runner.shape == expected.shape && runner.scalars == expected.scalars && compiled.scalars == expected.scalars,
                            "seed \(seed) trial \(trial): \(configuration) \(order) on \(shape) workers \(workers)")
                }
            }
        }
    }

    @Test func handComputedValues() throws {
        // Plane 1 of [1, 2, 2, 3]; its maximum 9 sits at h 1, w 0: row-major 6 + 3 = 9,
        // column-major 6 + 1 + 0·2 = 7. Plane 0 ties (5 twice): the first, index 1.
        let x = try Tensor(shape: [1, 2, 2, 3], values: [1, 5, 5, 0, 2, 3, 4, 1, 0, 9, 2, 9])
        let pool = Pool2dConfiguration.max(kernel: Size2D(2, 3), stride: 1)
        #expect(try GraphRunnerHarness.run(MaxPoolIndicesOp(pool), x, workers: 1).scalars == [1, 9])
        #expect(try GraphRunnerHarness.run(MaxPoolIndicesOp(pool, order: .columnMajor), x, workers: 1).scalars == [2, 7])
        let withNaN = try Tensor(shape: [1, 1, 1, 3], values: [1, .nan, 7])
        #expect(try GraphRunnerHarness.run(MaxPoolIndicesOp(.max(kernel: Size2D(1, 3), stride: 1)), withNaN, workers: 1).scalars == [1])
    }

    @Test func refusesInputsBeyondExactFloatIndices() {
        let op = MaxPoolIndicesOp(.max(kernel: 2, stride: 2))
        #expect(throws: StrataError.self) { try op.outputShape(for: [[1, 1, 4097, 4097]]) }
        #expect(throws: StrataError.self) { try MaxPoolIndicesOp(.average(kernel: 2, stride: 2)).outputShape(for: [[1, 1, 4, 4]]) }
    }
}
