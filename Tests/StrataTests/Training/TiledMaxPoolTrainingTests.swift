import Strata
import Testing

/// Max pooling whose windows tile the input (kernel = stride, no padding) has its own
/// training forward: a select-based loop, and four 2x2 windows at a time with SIMD. Both
/// must pick what PyTorch picks: the first of equal maxima in row-major tap order, the
/// first NaN. Checked against a plain loop written here, on planes wide enough for the
/// SIMD path, with ties and NaNs planted (seed printed).
@Suite struct TiledMaxPoolTrainingTests {
    /// The expected output and winning flat index of each window, by the definition.
    static func expected(_ x: [Float], height: Int, width: Int, kernel: Int) -> (values: [Float], indices: [Int]) {
        var (values, indices) = ([Float](), [Int]())
        for oh in 0..<(height / kernel) {
            for ow in 0..<(width / kernel) {
                var winner = -1
                for r in 0..<kernel {
                    for c in 0..<kernel {
                        let i = (oh * kernel + r) * width + ow * kernel + c
                        if winner < 0 { winner = i; continue }
                        if x[winner].isNaN { continue }
                        if x[i].isNaN || x[i] > x[winner] { winner = i }
                    }
                }
                values.append(x[winner])
                indices.append(winner)
            }
        }
        return (values, indices)
    }

    @Test(arguments: [(2, 8, 8), (2, 10, 13), (2, 6, 20), (3, 9, 12), (2, 28, 28)])
    func matchesTheDefinition(kernel: Int, height: Int, width: Int) throws {
        let seed: UInt64 = 20_261_130 &+ UInt64(kernel * 1000 + height * 31 + width)
        var rng = SeededGenerator(seed: seed)
        // Few distinct values, so many windows hold ties; a few NaNs.
        var x = (0..<(height * width)).map { _ in Float(Int(rng.next() % 5)) - 2 }
        for _ in 0..<3 { x[Int(rng.next() % UInt64(x.count))] = .nan }
        let op = PoolOp(.max(kernel: Size2D(kernel, kernel), stride: Size2D(kernel, kernel)))
        let shape = try Shape([1, 1, height, width])
        let output = try op.outputShape(for: [shape])
        let plan = try op.trainingPlan(inputs: [shape], output: output, workers: 1)
        let dy = (0..<output.elementCount).map { Float($0 + 1) }
        let result = runTraining(plan, inputs: [x], outputCount: output.elementCount, outputGradient: dy,
                                 initialInputGradients: [[Float](repeating: 0, count: x.count)])
        let (values, indices) = Self.expected(x, height: height, width: width, kernel: kernel)
        #expect(result.output.map(\.bitPattern) == values.map(\.bitPattern), "seed \(seed)")
        var dx = [Float](repeating: 0, count: x.count)
        for (o, i) in indices.enumerated() { dx[i] += dy[o] }
        #expect(result.inputGradients[0] == dx, "seed \(seed): the gradient must go to the first maximum")
    }
}
