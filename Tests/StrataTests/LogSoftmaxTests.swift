import Foundation
@testable import Strata
import StrataDiagnostics
import Testing

/// ``LogSoftmaxOp`` and ``HardmaxOp``: kernels against the Double reference on seeded
/// random shapes and axes (negative ones too; contiguous rows and strided columns), 1 and
/// 2 workers, and the edges and values by hand.
@Suite struct LogSoftmaxTests {
    static let seed: UInt64 = 20_261_130

    static func run(_ op: any GraphOp, _ x: Tensor, workers: Int) throws -> Tensor {
        let shape = try op.outputShape(for: [x.shape])
        let plan = try op.plan(inputs: [x.shape], output: shape, workers: workers)
        var output = Tensor(shape: shape)
        withInputPointers([x]) { pointers in
            output.withUnsafeMutableBufferPointer { plan.execute(inputs: pointers, output: $0.baseAddress!, workspace: nil) }
        }
        return output
    }

    @Test func randomShapesAndAxesMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<80 {
            let rank = Int.random(in: 1...5, using: &rng)
            // Every eighth case has a long axis (several 8-lane vectors and a tail); the
            // other axes stay small so a case holds at most a few thousand elements.
            let large = index % 8 == 0
            var dims = (0..<rank).map { _ in Int.random(in: 1...(rank > 3 ? 5 : 9), using: &rng) }
            let axis = Int.random(in: -rank..<rank, using: &rng)
            if large { dims[(axis + rank) % rank] = Int.random(in: 40...300, using: &rng) }
            let scale: Float = index % 3 == 0 ? 50 : 3
            var x = try Tensor.uniform(dims, low: -scale, high: scale, using: &rng)
            if index % 5 == 0 {   // exact ties for Hardmax
                x.withUnsafeMutableBufferPointer { values in for i in values.indices { values[i] = values[i].rounded() } }
            }
            for op in [LogSoftmaxOp(axis: axis) as any GraphOp, HardmaxOp(axis: axis)] {
                let expected = try referenceOutput(of: op, inputs: [x])
                for workers in [1, 2] {
                    let comparison = try Self.run(op, x, workers: workers).compared(with: expected)
                    #expect(comparison.relativeError <= 1e-6,
                            "seed \(Self.seed) case \(index) \(op.opName) \(dims) axis \(axis) workers \(workers): \(comparison)")
                }
            }
        }
    }

    /// log_softmax([1, 2, 3]) = [1, 2, 3] − ln(e + e² + e³) = [−2.40760596, −1.40760596,
    /// −0.40760596]; a −∞ logit gives −∞ beside finite ones (onnxruntime too); a row of only
    /// −∞, or with NaN or +∞, is NaN (as onnxruntime); huge logits do not overflow.
    @Test func logSoftmaxByHand() throws {
        let y = try Self.run(LogSoftmaxOp(), Tensor(shape: [1, 4], values: [1, 2, 3, -.infinity]), workers: 1).scalars
        for (a, e) in zip(y, [-2.407_605_96, -1.407_605_96, -0.407_605_96] as [Float]) { #expect(abs(a - e) <= 2 * e.ulp, "\(y)") }
        #expect(y[3] == -.infinity)
        let specials = try Self.run(LogSoftmaxOp(), Tensor(shape: [3, 2], values: [-.infinity, -.infinity, .nan, 1, .infinity, 1]), workers: 1)
        let specialValues = specials.scalars
        #expect(specialValues.allSatisfy { $0.isNaN }, "\(specialValues)")
        let huge = try Self.run(LogSoftmaxOp(axis: 0), Tensor(shape: [3, 1], values: [1e30, 1e30, -1e30]), workers: 1).scalars
        #expect(abs(huge[0] - Float(-log(2.0))) < 1e-6 && huge[0] == huge[1] && huge[2] == -1e30 - 1e30, "\(huge)")
    }

    /// Hardmax: 1 at the first maximum of each line ([1, 3, 3, 2] → [0, 1, 0, 0]), along a
    /// middle axis too; a NaN counts as the maximum (numpy.argmax).
    @Test func hardmaxByHand() throws {
        #expect(try Self.run(HardmaxOp(), Tensor(shape: [4], values: [1, 3, 3, 2]), workers: 1).scalars == [0, 1, 0, 0])
        let columns = try Self.run(HardmaxOp(axis: 0), Tensor(shape: [2, 3], values: [1, 5, -1, 2, 5, -2]), workers: 1)
        #expect(columns.scalars == [0, 1, 1, 1, 0, 0])
        #expect(try Self.run(HardmaxOp(), Tensor(shape: [4], values: [1, .nan, 3, .nan]), workers: 1).scalars == [0, 1, 0, 0])
    }
}
