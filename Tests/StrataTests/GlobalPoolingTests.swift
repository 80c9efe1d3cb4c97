import Strata
import StrataDiagnostics
import Testing

/// Global average and max pooling against the reference, by hand, and their errors.
@Suite struct GlobalPoolingTests {
    static let seed: UInt64 = 20_260_215

    static func run(_ kind: PoolKind, _ input: Tensor, workers: Int) throws -> Tensor {
        var output = try Tensor(shape: try globalPoolOutputShape(input: input.shape).dimensions, repeating: .nan)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                globalPool2d(kind, input: x.baseAddress!, batchChannels: input.shape[0] * input.shape[1],
                             planeSize: input.shape[2] * input.shape[3], output: y.baseAddress!, workers: workers)
            }
        }
        return output
    }

    /// Planes from 1x1 to past 16 lanes with a tail (7x7 = 49 = 3·16 + 1, 57x61).
    @Test func randomShapesMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        let shapes = [[1, 1, 1, 1], [2, 3, 1, 5], [1, 4, 4, 4], [3, 5, 7, 7], [2, 64, 7, 7], [1, 3, 57, 61], [2, 2, 3, 17]]
        for (index, dimensions) in shapes.enumerated() {
            let input = try Tensor.uniform(dimensions, low: -1, high: 1, using: &rng)
            let (n, c) = (dimensions[0], dimensions[1])
            for kind in PoolKind.allCases {
                let expected = try referenceOutput(of: GlobalPoolOp(kind: kind), inputs: [input])
                #expect(expected.shape == [n, c, 1, 1])
                for workers in [1, 2] {
                    let comparison = try Self.run(kind, input, workers: workers).compared(with: expected)
                    #expect(comparison.relativeError <= 1e-6,
                            "seed \(Self.seed) case \(index) \(kind) \(dimensions) workers \(workers): \(comparison)")
                }
            }
        }
    }

    /// Channel 0 holds 1...6, channel 1 −1...−6 (2x3 planes): averages 21/6 = 3.5 and −3.5,
    /// maxima 6 and −1. A NaN anywhere in a plane makes both its average and max NaN.
    @Test func handComputed() throws {
        let input = try Tensor(shape: [1, 2, 2, 3], values: (1...6).map(Float.init) + (1...6).map { -Float($0) })
        #expect(try Self.run(.average, input, workers: 1).scalars == [3.5, -3.5])
        #expect(try Self.run(.max, input, workers: 2).scalars == [6, -1])
        var values = (0..<60).map(Float.init)               // three 4x5 planes: 16 lanes + a 4-element tail
        values[20 + 5] = .nan                                // plane 1, inside the SIMD lanes
        values[40 + 17] = .nan                               // plane 2, in the tail
        let withNaN = try Tensor(shape: [3, 1, 4, 5], values: values)
        for kind in PoolKind.allCases {
            let result = try Self.run(kind, withNaN, workers: 1).scalars
            #expect(!result[0].isNaN && result[1].isNaN && result[2].isNaN, "\(kind): \(result)")
        }
    }

    @Test func inputMustBeRankFour() {
        expectStrataError(.invalidShape, mentioning: ["[2, 7, 7]", "rank 3", "rank 4"]) {
            _ = try globalPoolOutputShape(input: [2, 7, 7])
        }
    }
}
