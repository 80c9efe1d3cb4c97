import Strata
import StrataReference
import Testing

/// Batch, group, instance and layer norm against the Double reference on seeded random
/// shapes (odd sizes, batch > 1, channel counts not multiples of 8), in and out of place,
/// with and without a fused activation; then hand-computed values and shape errors.
@Suite struct NormalizationTests {
    static let seed: UInt64 = 20_261_202
    static let epsilons: [Float] = [1e-5, 1e-3, 0.1]

    /// A random `[N, C, ...]` shape of rank 2 to 4 with `channels` channels.
    static func randomShape(channels: Int, _ rng: inout SeededGenerator) -> [Int] {
        let rank = Int.random(in: 2...4, using: &rng)
        return [Int.random(in: 1...3, using: &rng), channels] + randomDimensions(Array(repeating: 1...9, count: rank - 2), using: &rng)
    }

    static func randomActivation(_ rng: inout SeededGenerator) -> Activation? {
        Bool.random(using: &rng) ? nil : Activation.continuousSamples.randomElement(using: &rng)
    }

    /// Runs `kernel` out of place, or in place on a copy of `input` when `inPlace`.
    static func run(_ input: [Float], inPlace: Bool, _ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        guard inPlace else {
            return input.withUnsafeBufferPointer { x in kernelOutput(count: input.count) { kernel(x.baseAddress!, $0) } }
        }
        var values = input
        values.withUnsafeMutableBufferPointer { kernel(UnsafePointer($0.baseAddress!), $0.baseAddress!) }
        return values
    }

    static func check(_ actual: [Float], _ expected: [Float], _ shape: [Int], _ context: String) throws {
        let comparison = try compare(actual, expected, shape: shape)
        #expect(comparison.relativeError <= opTolerance, "seed \(seed) \(context): \(comparison)")
    }

    @Test func batchNormMatchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        for index in 0..<80 {
            let channels = Int.random(in: 1...13, using: &rng)
            let shape = index == 0 ? [3, 11, 50, 43] : Self.randomShape(channels: channels, &rng)
            let c = shape[1]
            let x = randomFloats(shape.reduce(1, *), low: -3, high: 3, using: &rng)
            let (scale, shift, mean) = (randomFloats(c, using: &rng), randomFloats(c, using: &rng), randomFloats(c, using: &rng))
            let variance = randomFloats(c, low: 0.1, high: 2, using: &rng)
            let epsilon = Self.epsilons[index % 3]
            let activation = Self.randomActivation(&rng)
            let (workers, inPlace) = (index == 0 ? 3 : index % 3 + 1, index % 4 == 1)
            let actual = withPointers([scale, shift, mean, variance]) { p in
                Self.run(x, inPlace: inPlace) {
                    batchNormInference($0, into: $1, shape: try! Shape(shape), scale: p[0], shift: p[1], mean: p[2],
                                       variance: p[3], epsilon: epsilon, activation: activation, workers: workers)
                }
            }
            let expected = activation.reference(Reference.batchNorm(
                x, shape: shape, scale: scale, shift: shift, mean: mean, variance: variance, epsilon: epsilon))
            try Self.check(actual, expected, shape, "case \(index) shape \(shape) eps \(epsilon) "
                           + "activation \(activation.name) workers \(workers) in place \(inPlace)")
        }
    }

    /// Group norm, and instance norm (one group per channel), random gamma/beta or none.
    @Test(arguments: [false, true])
    func groupAndInstanceNormMatchReference(instance: Bool) throws {
        var rng = SeededGenerator(seed: Self.seed + (instance ? 1 : 0))
        for index in 0..<80 {
            let groups = instance ? 1 : Int.random(in: 1...5, using: &rng)
            let shape = index == 0 ? [2, groups * 6, 61, 53] : Self.randomShape(channels: groups * Int.random(in: 1...4, using: &rng), &rng)
            let c = shape[1]
            // Every fourth case sits far from zero: a one-pass E[x²] − E[x]² would lose it all.
            let center: Float = index % 4 == 3 ? 1000 : 0
            let x = randomFloats(shape.reduce(1, *), low: center - 2, high: center + 2, using: &rng)
            let gamma = Bool.random(using: &rng) ? randomFloats(c, using: &rng) : nil
            let beta = Bool.random(using: &rng) ? randomFloats(c, using: &rng) : nil
            let epsilon = Self.epsilons[index % 3]
            let activation = Self.randomActivation(&rng)
            let (workers, inPlace) = (index == 0 ? 3 : index % 3 + 1, index % 4 == 1)
            let actual = gamma.withOptionalPointer { g in
                beta.withOptionalPointer { b in
                    Self.run(x, inPlace: inPlace) {
                        if instance {
                            instanceNorm($0, into: $1, shape: try! Shape(shape), gamma: g, beta: b, epsilon: epsilon,
                                         activation: activation, workers: workers)
                        } else {
                            groupNorm($0, into: $1, shape: try! Shape(shape), groups: groups, gamma: g, beta: b,
                                      epsilon: epsilon, activation: activation, workers: workers)
                        }
                    }
                }
            }
            let normalized = instance
                ? Reference.instanceNorm(x, shape: shape, gamma: gamma, beta: beta, epsilon: epsilon)
                : Reference.groupNorm(x, shape: shape, groups: groups, gamma: gamma, beta: beta, epsilon: epsilon)
            try Self.check(actual, activation.reference(normalized), shape,
                           "\(instance ? "instance" : "group") norm case \(index) shape \(shape) groups \(groups) "
                           + "gamma \(gamma != nil) beta \(beta != nil) eps \(epsilon) activation \(activation.name) "
                           + "workers \(workers) in place \(inPlace)")
        }
    }

    @Test func layerNormMatchesReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 2)
        for index in 0..<80 {
            let rank = Int.random(in: 1...4, using: &rng)
            let shape = index == 0 ? [5, 96, 97] : randomDimensions(Array(repeating: 1...9, count: rank), using: &rng)
            let axis = index == 0 ? 1 : Int.random(in: 0..<shape.count, using: &rng)
            let normalizedCount = shape[axis...].reduce(1, *)
            let center: Float = index % 4 == 3 ? 1000 : 0
            let x = randomFloats(shape.reduce(1, *), low: center - 2, high: center + 2, using: &rng)
            let gamma = Bool.random(using: &rng) ? randomFloats(normalizedCount, using: &rng) : nil
            let beta = Bool.random(using: &rng) ? randomFloats(normalizedCount, using: &rng) : nil
            let epsilon = Self.epsilons[index % 3]
            let activation = Self.randomActivation(&rng)
            let (workers, inPlace) = (index == 0 ? 3 : index % 3 + 1, index % 4 == 1)
            // Half the cases name the axis from the end, as ONNX allows.
            let passedAxis = index % 2 == 0 ? axis : axis - shape.count
            let actual = gamma.withOptionalPointer { g in
                beta.withOptionalPointer { b in
                    Self.run(x, inPlace: inPlace) {
                        layerNorm($0, into: $1, shape: try! Shape(shape), axis: passedAxis, gamma: g, beta: b,
                                  epsilon: epsilon, activation: activation, workers: workers)
                    }
                }
            }
            let expected = activation.reference(
                Reference.layerNorm(x, shape: shape, axis: axis, gamma: gamma, beta: beta, epsilon: epsilon))
            try Self.check(actual, expected, shape, "layer norm case \(index) shape \(shape) axis \(passedAxis) "
                           + "gamma \(gamma != nil) beta \(beta != nil) eps \(epsilon) activation \(activation.name) "
                           + "workers \(workers) in place \(inPlace)")
        }
    }

    // MARK: - By hand (epsilon 0 and small integers, so every result is exact)

    @Test func batchNormByHand() {
        // Channel 0: (x − 2)/√4 · 3 + 1: 4 → 4, 0 → −2. Channel 1: (x − 0)/√1 · 1 + 0 = x.
        let x: [Float] = [4, 0, 7, -7]
        let y = withPointers([[3, 1], [1, 0], [2, 0], [4, 1]]) { p in
            Self.run(x, inPlace: false) {
                batchNormInference($0, into: $1, shape: [1, 2, 2], scale: p[0], shift: p[1], mean: p[2], variance: p[3],
                                   epsilon: 0, workers: 1)
            }
        }
        #expect(y == [4, -2, 7, -7])
    }

    @Test func groupNormByHand() {
        // Group 0 = channels 0, 1 = [1, 1, 3, 3]: mean 2, variance 1, so [−1, −1, 1, 1].
        // Group 1 = channels 2, 3 = [10, 14, 10, 14]: mean 12, variance 4, so [−1, 1, −1, 1].
        // Then · gamma [1, 2, 3, 4] + beta [0, 0, 1, 1]: ch2 [−3+1, 3+1], ch3 [−4+1, 4+1].
        let x: [Float] = [1, 1, 3, 3, 10, 14, 10, 14]
        let y = withPointers([[1, 2, 3, 4], [0, 0, 1, 1]]) { p in
            Self.run(x, inPlace: false) {
                groupNorm($0, into: $1, shape: [1, 4, 1, 2], groups: 2, gamma: p[0], beta: p[1], epsilon: 0, workers: 1)
            }
        }
        #expect(y == [-1, -1, 2, 2, -2, 4, -3, 5])
    }

    @Test func instanceAndLayerNormByHand() {
        // Instance norm, two images of one channel: [0, 4] has mean 2, variance 4 → [−1, 1];
        // [7, 9] has mean 8, variance 1 → [−1, 1].
        let instance = Self.run([0, 4, 7, 9], inPlace: true) {
            instanceNorm($0, into: $1, shape: [2, 1, 2], gamma: nil, beta: nil, epsilon: 0, workers: 1)
        }
        #expect(instance == [-1, 1, -1, 1])
        // Layer norm over [1, 1, 3, 3]: mean 2, variance 1 → [−1, −1, 1, 1];
        // · gamma [1, 2, 3, 4] + beta [0, 1, 0, 1] → [−1, −1, 3, 5].
        let layer = withPointers([[1, 2, 3, 4], [0, 1, 0, 1]]) { p in
            Self.run([1, 1, 3, 3], inPlace: false) {
                layerNorm($0, into: $1, shape: [1, 2, 2], axis: 1, gamma: p[0], beta: p[1], epsilon: 0, workers: 1)
            }
        }
        #expect(layer == [-1, -1, 3, 5])
        // Fused relu after the same layer norm: [0, 0, 3, 5].
        let fused = withPointers([[1, 2, 3, 4], [0, 1, 0, 1]]) { p in
            Self.run([1, 1, 3, 3], inPlace: false) {
                layerNorm($0, into: $1, shape: [1, 2, 2], axis: -2, gamma: p[0], beta: p[1], epsilon: 0,
                          activation: .relu, workers: 1)
            }
        }
        #expect(fused == [0, 0, 3, 5])
    }

    // MARK: - Errors

    @Test func groupsMustDivideChannels() throws {
        expectStrataError(.invalidArgument, mentioning: ["groups 4", "6 channels", "[2, 6, 5, 5]"]) {
            _ = try groupNormShape(input: [2, 6, 5, 5], groups: 4, gamma: nil, beta: nil)
        }
        expectStrataError(.invalidArgument, mentioning: ["groups must be >= 1", "got 0"]) {
            _ = try groupNormShape(input: [2, 6, 5, 5], groups: 0, gamma: nil, beta: nil)
        }
        #expect(try groupNormShape(input: [2, 6, 5, 5], groups: 3, gamma: [6], beta: [6]) == [2, 6, 5, 5])
    }

    @Test func wrongParameterShapes() throws {
        expectStrataError(.shapeMismatch, mentioning: ["group norm gamma", "[5]", "expected [6]", "[2, 6, 5, 5]"]) {
            _ = try groupNormShape(input: [2, 6, 5, 5], groups: 2, gamma: [5], beta: nil)
        }
        expectStrataError(.shapeMismatch, mentioning: ["instance norm beta", "[1, 3]", "expected [3]"]) {
            _ = try instanceNormShape(input: [1, 3, 4, 4], gamma: [3], beta: [1, 3])
        }
        expectStrataError(.shapeMismatch, mentioning: ["batch norm variance", "[4]", "expected [3]"]) {
            _ = try batchNormShape(input: [1, 3, 4, 4], scale: [3], shift: [3], mean: [3], variance: [4])
        }
        expectStrataError(.shapeMismatch, mentioning: ["layer norm gamma", "[4, 4]", "expected [3, 4, 4]"]) {
            _ = try layerNormShape(input: [2, 3, 4, 4], axis: 1, gamma: [4, 4], beta: nil)
        }
        #expect(try layerNormShape(input: [2, 3, 4, 4], axis: -3, gamma: [3, 4, 4], beta: [3, 4, 4]) == [2, 3, 4, 4])
        #expect(try batchNormShape(input: [2, 3], scale: [3], shift: [3], mean: [3], variance: [3]) == [2, 3])
    }

    @Test func badInputRankOrAxis() {
        expectStrataError(.invalidShape, mentioning: ["batch norm input", "[7]", "rank 2 to 8"]) {
            _ = try batchNormShape(input: [7], scale: [7], shift: [7], mean: [7], variance: [7])
        }
        expectStrataError(.invalidArgument, mentioning: ["layer norm axis 3", "[2, 3, 4]", "-3...2"]) {
            _ = try layerNormShape(input: [2, 3, 4], axis: 3, gamma: nil, beta: nil)
        }
    }
}
