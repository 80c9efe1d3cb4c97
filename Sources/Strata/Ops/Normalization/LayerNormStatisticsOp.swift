/// LayerNormalization's optional outputs (ONNX LayerNormalization-17, outputs 1 and 2):
/// the mean μ or the inverse standard deviation 1/√(σ² + epsilon) (biased σ²) of each row
/// over the axes from `axis` on. The output has the input's shape with those axes set to 1.
public struct LayerNormStatisticsOp: GraphOp {
    /// Which optional output: `Mean` (output 1) or `InvStdDev` (output 2).
    public enum Statistic: String, Sendable, CaseIterable {
        /// μ, the mean over the normalized axes (output 1, `Mean`).
        case mean
        /// 1/√(σ² + epsilon) with the biased σ² (output 2, `InvStdDev`).
        case inverseStandardDeviation
    }

    /// The statistic this node outputs.
    public let statistic: Statistic
    /// The first normalized axis; may be negative (from the end).
    public let axis: Int
    /// Added to σ² before the square root.
    public let epsilon: Float

    /// A statistics node for the layer norm with the same `axis` and `epsilon`.
    public init(_ statistic: Statistic, axis: Int, epsilon: Float = 1e-5) {
        (self.statistic, self.axis, self.epsilon) = (statistic, axis, epsilon)
    }

    public var opName: String { statistic == .mean ? "LayerNormMean" : "LayerNormInvStdDev" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        let input = try layerNormShape(input: inputs[0], axis: axis, gamma: nil, beta: nil)
        let first = Shape.wrap(axis: axis, rank: input.rank)
        return try Shape(input.dimensions.enumerated().map { $0.offset < first ? $0.element : 1 })
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let shape = inputs[0]
        let rows = output.elementCount
        let inner = rows == 0 ? 0 : shape.elementCount / rows
        let (statistic, epsilon) = (statistic, epsilon)
        return KernelPlan { inputs, output, _ in
            layerNormStatistics(inputs[0], into: output, rows: rows, inner: inner, statistic: statistic, epsilon: epsilon,
                                workers: workers)
        }
    }
}

/// Per row of `inner` floats: its mean, or 1/√(σ² + epsilon). A row of 0 floats gives NaN
/// (0/0, as numpy and onnxruntime).
/// - Parameters: x: `[rows, inner]`; y: `[rows]`.
public func layerNormStatistics(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, inner: Int,
    statistic: LayerNormStatisticsOp.Statistic, epsilon: Float, workers: Int
) {
    guard inner > 0 else {
        output.update(repeating: .nan, count: rows)
        return
    }
    let shares = min(rows, elementwiseShares(2 * rows * inner, workers: workers))
    parallelFor(shares, workers: workers) { share in
        let (r0, r1) = evenSplit(rows, parts: shares, part: share)
        for row in r0..<r1 {
            let (center, residue, inverseDeviation) = statistics(input + row * inner, count: inner, epsilon: epsilon)
            output[row] = statistic == .mean ? Float(Double(center) + residue) : Float(inverseDeviation)
        }
    }
}
