import Strata
import StrataReference
import Testing

/// Clip with min > max and Clip of NaN (issue 8, item 2), in the activation kernel, the
/// reference and every fused epilogue that clamps (conv's three algorithms, linear).
///
/// ONNX defines Clip as min(max(x, min), max) (Operators.md, Clip), so with min > max every
/// output is `max`. Clip of NaN is NaN in onnxruntime 1.32 (checked with a one-node opset-13
/// model; Relu, HardSigmoid and HardSwish pass NaN through too), and Strata does the same.
@Suite struct ClipEdgeTests {
    static let seed: UInt64 = 20_260_801
    static let inverted = Activation.clip(min: 0.5, max: -0.25)

    static func applied(_ activation: Activation, _ input: [Float]) -> [Float] {
        input.withUnsafeBufferPointer { x in
            kernelOutput(count: input.count) { activation.apply(x.baseAddress!, into: $0, count: input.count) }
        }
    }

    /// Issue 8's case: [1, 3, 4, 5] uniform in (−2, 2), min 0.5, max −0.25. Every output is
    /// −0.25. (The issue saw 22 of 60 come out 0.5: the kernel tested the upper bound on x
    /// instead of on max(x, min), so every x in (−2, −0.25] kept the raised 0.5.)
    @Test func minGreaterThanMaxGivesMaxEverywhere() throws {
        var rng = SeededGenerator(seed: Self.seed)
        let input = try Tensor.uniform([1, 3, 4, 5], low: -2, high: 2, using: &rng).scalars
        let expected = [Float](repeating: -0.25, count: 60)
        #expect(Self.applied(Self.inverted, input) == expected, "seed \(Self.seed)")
        #expect(Reference.clip(input, min: 0.5, max: -0.25) == expected, "seed \(Self.seed): reference")
    }

    /// ONNX backend test `test_clip_min_greater_than_max`: x = [−2, 0, 2], min 2, max 1 → [1, 1, 1].
    @Test func onnxNodeTestMinGreaterThanMax() {
        #expect(Self.applied(.clip(min: 2, max: 1), [-2, 0, 2]) == [1, 1, 1])
        #expect(Reference.clip([-2, 0, 2], min: 2, max: 1) == [1, 1, 1])
    }

    /// NaN stays NaN through Clip (any bounds, inverted too), ReLU6, HardSigmoid and
    /// HardSwish, in the kernel and the reference.
    @Test func nanPassesThroughEveryClamp() {
        let clamps: [Activation] = [.relu6, .clip(min: -1, max: 1), Self.inverted, .clip(min: 2, max: 1),
                                    .hardSigmoid(alpha: 0.2, beta: 0.5), .hardSwish]
        for activation in clamps {
            #expect(Self.applied(activation, [3, .nan, -3])[1].isNaN, "\(activation.name)")
            #expect(activation.reference([3, .nan, -3])[1].isNaN, "\(activation.name): reference")
        }
    }

    /// The fused epilogue of every convolution algorithm and of linear applies the same
    /// clamp: with min > max every output is max, whatever the GEMM produced.
    static let convCases: [(ConvCase, ConvAlgorithm)] = [
        (ConvCase(batch: 1, inChannels: 3, height: 7, width: 9, outChannels: 4, kernel: 3, padding: .all(1)), .im2colGemm),
        (ConvCase(batch: 2, inChannels: 5, height: 4, width: 6, outChannels: 3, kernel: 1), .pointwiseGemm),
        (ConvCase(batch: 1, inChannels: 4, height: 6, width: 5, outChannels: 4, kernel: 3, groups: 4), .depthwiseDirect),
    ]

    @Test(arguments: convCases.indices)
    func fusedConvEpilogues(_ index: Int) throws {
        let (testCase, algorithm) = Self.convCases[index]
        var rng = SeededGenerator(seed: Self.seed + 1)
        let input = try Tensor.uniform(testCase.inputDimensions, low: -2, high: 2, using: &rng)
        let weight = try Tensor.uniform(testCase.configuration.weightDimensions, low: -1, high: 1, using: &rng)
        let plan = try Conv2dPlan(configuration: testCase.configuration, inputShape: input.shape,
                                  activation: Self.inverted, workers: 2)
        #expect(plan.algorithm == algorithm)
        var output = try Tensor(shape: plan.outputShape.dimensions, repeating: .nan)
        var workspace = [Float](repeating: .nan, count: max(plan.workspaceCount, 1))
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    workspace.withUnsafeMutableBufferPointer { scratch in
                        plan.execute(input: x.baseAddress!, preparedWeights: w.baseAddress!, bias: nil,
                                     output: y.baseAddress!, workspace: scratch.baseAddress!)
                    }
                }
            }
        }
        #expect(output.scalars.allSatisfy { $0 == -0.25 }, "seed \(Self.seed + 1) \(plan.algorithm) [\(testCase)]")
    }

    @Test func fusedLinearEpilogue() {
        var rng = SeededGenerator(seed: Self.seed + 2)
        let (batch, inFeatures, outFeatures) = (3, 17, 40)
        let x = randomFloats(batch * inFeatures, low: -2, high: 2, using: &rng)
        let w = randomFloats(outFeatures * inFeatures, using: &rng)
        for workers in [1, 3] {
            let y = withPointers([x, w]) { p in
                kernelOutput(count: batch * outFeatures) {
                    linear(p[0], weight: p[1], bias: nil, into: $0, batch: batch, inFeatures: inFeatures,
                           outFeatures: outFeatures, activation: Self.inverted, workers: workers)
                }
            }
            #expect(y.allSatisfy { $0 == -0.25 }, "seed \(Self.seed + 2) workers \(workers)")
        }
    }
}
