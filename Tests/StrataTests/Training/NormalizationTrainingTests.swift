import Strata
import StrataReference
import Testing

/// GroupNorm, InstanceNorm and LayerNorm backward (input, γ and β) against finite
/// differences of the Double reference normalizations, on random `[N, C, H, W]` shapes.
@Suite struct NormalizationTrainingTests {
    static let seed: UInt64 = 20_261_135

    @Test(arguments: 0..<12)
    func gradientMatchesFiniteDifferences(index: Int) throws {
        let seed = Self.seed &+ UInt64(index)
        var rng = SeededGenerator(seed: seed)
        let groups = rng.nextInt(1...3)
        let shape = [rng.nextInt(1...3), groups * rng.nextInt(1...2), rng.nextInt(1...3), rng.nextInt(2...3)]
        let kind: NormalizationKind = [.group(groups), .instance, .layer][index % 3]
        let affine = kind == .layer ? Array(shape.dropFirst()) : [shape[1]]
        let affineCount = affine.reduce(1, *)
        let x = (0..<shape.reduce(1, *)).map { _ in rng.nextUniform(-2, 2) }
        let gamma = (0..<affineCount).map { _ in rng.nextUniform(0.5, 1.5) }
        let beta = (0..<affineCount).map { _ in rng.nextUniform(-1, 1) }
        let op = NormalizationOp(kind, gamma: try Tensor(shape: affine, values: gamma), beta: try Tensor(shape: affine, values: beta))
        try checkGradients(op, inputs: [x], shapes: [try Shape(shape)], parameters: [gamma, beta], gradientParameters: [0, 1],
                           seed: seed, label: "\(op.opName) \(shape)") { x, p in
            switch kind {
            case .group(let g): Reference.groupNorm(x[0], shape: shape, groups: g, gamma: p[0], beta: p[1], epsilon: op.epsilon)
            case .instance: Reference.instanceNorm(x[0], shape: shape, gamma: p[0], beta: p[1], epsilon: op.epsilon)
            case .layer: Reference.layerNorm(x[0], shape: shape, axis: 1, gamma: p[0], beta: p[1], epsilon: op.epsilon)
            }
        }
    }
}
