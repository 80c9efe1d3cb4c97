/// Seeded random tensors. The same seed gives the same tensor on every machine
/// (see ``SeededGenerator``).
extension Tensor {
    /// Elements drawn uniformly from [low, high).
    public static func uniform(
        _ dimensions: [Int], low: Float = 0, high: Float = 1, using generator: inout SeededGenerator
    ) throws -> Tensor {
        let shape = try Shape(dimensions)
        var result = Tensor(zeros: shape)
        result.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = generator.nextUniform(low, high) }
        }
        return result
    }

    /// Elements drawn from N(mean, standardDeviation²).
    public static func normal(
        _ dimensions: [Int], mean: Float = 0, standardDeviation: Float = 1,
        using generator: inout SeededGenerator
    ) throws -> Tensor {
        let shape = try Shape(dimensions)
        var result = Tensor(zeros: shape)
        result.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices {
                buffer[i] = Float(Double(mean) + Double(standardDeviation) * generator.nextNormal())
            }
        }
        return result
    }

    /// He (Kaiming) normal initialization for ReLU networks: N(0, 2 / fanIn).
    /// For a convolution weight [OC, IC/groups, KH, KW], fanIn = IC/groups · KH · KW.
    public static func he(_ dimensions: [Int], fanIn: Int, using generator: inout SeededGenerator) throws -> Tensor {
        guard fanIn > 0 else { throw StrataError.invalidArgument("He initialization needs fanIn > 0, got \(fanIn)") }
        return try normal(dimensions, standardDeviation: Float((2.0 / Double(fanIn)).squareRoot()), using: &generator)
    }

    /// Glorot (Xavier) uniform initialization: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)).
    public static func glorot(
        _ dimensions: [Int], fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
    ) throws -> Tensor {
        guard fanIn > 0, fanOut > 0 else {
            throw StrataError.invalidArgument("Glorot initialization needs fanIn, fanOut > 0, got \(fanIn), \(fanOut)")
        }
        let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
        return try uniform(dimensions, low: -limit, high: limit, using: &generator)
    }
}
