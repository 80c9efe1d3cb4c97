import Foundation
import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// The reference table is complete: every public op type in Sources/Strata (found by
/// reading the sources, so a new op cannot be forgotten here) has samples below, every
/// sample's reference computation matches its fast kernel through both graph runners, and
/// the activation and binary-kind lists agree with StrataReference's keyed entries.
@Suite struct ReferenceTableTests {
    static let seed: UInt64 = 20_261_215

    /// Sources/Strata, found from this file's path.
    static let strataSources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Diagnostics
        .deletingLastPathComponent()   // StrataTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()
        .appendingPathComponent("Sources/Strata")

    struct Sample {
        let op: any GraphOp
        let inputs: [[Int]]
        /// Input values are drawn from [low, 1.5) (0.5 keeps logarithms and divisors away from 0).
        var low: Float = -1
    }

    /// One sample per op type and per case of its kind: every activation, binary kind,
    /// pooling kind, normalization, reduction and pad mode; convolution and linear with
    /// and without a fused activation.
    static func samples() throws -> [Sample] {
        var rng = SeededGenerator(seed: seed)
        func uniform(_ dimensions: [Int], low: Float = -1, high: Float = 1) throws -> Tensor {
            try Tensor.uniform(dimensions, low: low, high: high, using: &rng)
        }
        let conv = Conv2dConfiguration(inChannels: 4, outChannels: 6, kernel: 3, stride: 2, padding: .same, groups: 2)
        let convWeight = try uniform(conv.weightDimensions)
        let linearWeight = try uniform([5, 7])
        var samples: [Sample] = []
        samples += Activation.samples.map { Sample(op: ActivationOp($0), inputs: [[2, 3, 5]], low: $0.needsPositiveInput ? 0.5 : -1) }
        samples += BinaryOp.Kind.allCases.map { Sample(op: BinaryOp($0), inputs: [[2, 3, 4], [3, 1]], low: 0.5) }
        samples += [
            Sample(op: try ConvOp(conv, weight: convWeight, bias: uniform([6])), inputs: [[2, 4, 7, 6]]),
            Sample(op: try ConvOp(conv, weight: convWeight, bias: nil, activation: .hardSwish), inputs: [[1, 4, 5, 5]]),
        ]
        samples += PoolKind.allCases.map { kind in
            Sample(op: PoolOp(Pool2dConfiguration(kind: kind, kernel: 3, stride: 2, padding: .symmetric(1), ceilMode: true,
                                                  countIncludePad: true)), inputs: [[2, 3, 7, 6]])
        }
        samples += PoolKind.allCases.map { Sample(op: GlobalPoolOp(kind: $0), inputs: [[2, 3, 4, 5]]) }
        samples += [
            Sample(op: try BatchNormOp(weight: uniform([3]), bias: uniform([3]), runningMean: uniform([3]),
                                       runningVariance: uniform([3], low: 0.5, high: 1.5)), inputs: [[2, 3, 4, 5]]),
            Sample(op: NormalizationOp(.group(2), gamma: try uniform([4]), beta: try uniform([4])), inputs: [[2, 4, 3, 3]]),
            Sample(op: NormalizationOp(.instance, gamma: try uniform([4]), beta: try uniform([4])), inputs: [[2, 4, 3, 3]]),
            Sample(op: NormalizationOp(.layer, gamma: try uniform([4, 3, 3]), beta: try uniform([4, 3, 3])), inputs: [[2, 4, 3, 3]]),
            Sample(op: LayerNormOp(axis: -2, gamma: try uniform([3, 5]), beta: nil, epsilon: 1e-3), inputs: [[2, 4, 3, 5]]),
            Sample(op: LayerNormStatisticsOp(.mean, axis: 1), inputs: [[2, 4, 3]]),
            Sample(op: LayerNormStatisticsOp(.inverseStandardDeviation, axis: -1), inputs: [[2, 4, 3]]),
            Sample(op: LRNOp(try LRNConfiguration(size: 4, alpha: 0.5, beta: 0.75, bias: 1)), inputs: [[2, 5, 3, 3]]),
            Sample(op: LpNormOp(try LpNormConfiguration(axis: 1, p: 2)), inputs: [[2, 5, 3]]),
            Sample(op: LpNormOp(try LpNormConfiguration(axis: -1, p: 1)), inputs: [[2, 5, 3]]),
            Sample(op: MeanVarianceNormOp(MeanVarianceNormConfiguration()), inputs: [[2, 3, 4, 5]]),
            Sample(op: LinearOp(weight: linearWeight, bias: try uniform([5])), inputs: [[3, 7]]),
            Sample(op: LinearOp(weight: linearWeight, bias: nil, activation: .gelu), inputs: [[3, 7]]),
            Sample(op: SoftmaxOp(), inputs: [[2, 3, 5]]),
            Sample(op: SoftmaxOp(axis: 1), inputs: [[2, 3, 5]]),
            Sample(op: LogSoftmaxOp(), inputs: [[2, 3, 5]]),
            Sample(op: LogSoftmaxOp(axis: -2), inputs: [[2, 3, 5]]),
            Sample(op: HardmaxOp(), inputs: [[2, 3, 5]]),
            Sample(op: HardmaxOp(axis: 0), inputs: [[2, 3, 5]]),
            Sample(op: WhereOp(), inputs: [[3, 1], [2, 3, 4], [4]]),
        ]
        samples += try ReduceKind.allCases.map { kind in
            Sample(op: ReduceOp(try ReduceConfiguration(kind, axes: [1, -1], keepDims: kind != .max, rank: 3)),
                   inputs: [[2, 3, 4]], low: 0.5)
        }
        samples += ResizeMode.allCases.map { mode in
            Sample(op: ResizeOp(ResizeConfiguration(mode: mode, coordinates: .halfPixel, target: .scales([2, 1.5]), axes: [-2, -1])),
                   inputs: [[2, 3, 4, 5]])
        }
        samples += [
            Sample(op: ResizeOp(ResizeConfiguration(mode: .linear, coordinates: .alignCorners, antialias: true,
                                                    target: .sizes([3, 7], .stretch), axes: [1, 2])), inputs: [[2, 7, 4]]),
            Sample(op: DepthToSpaceOp(blockSize: 2, mode: .dcr), inputs: [[2, 8, 3, 2]]),
            Sample(op: DepthToSpaceOp(blockSize: 2, mode: .crd), inputs: [[2, 8, 3, 2]]),
            Sample(op: SpaceToDepthOp(blockSize: 2), inputs: [[2, 3, 4, 6]]),
        ]
        samples += PadMode.allCases.map { mode in
            Sample(op: PadOp(PadConfiguration(begins: [0, 1, 2], ends: [1, 0, -1], mode: mode, value: 0.5)), inputs: [[2, 3, 4]])
        }
        samples += [
            Sample(op: ConcatOp(axis: -2), inputs: [[2, 1, 3], [2, 4, 3]]),
            Sample(op: TransposeOp(perm: [2, 0, 1]), inputs: [[2, 3, 4]]),
            Sample(op: TransposeOp(), inputs: [[2, 3, 4]]),
            Sample(op: IdentityOp(), inputs: [[2, 3, 4]]),
            Sample(op: IdentityOp(reshapingTo: [6, 4]), inputs: [[2, 3, 4]]),
            Sample(op: FlattenOp(), inputs: [[2, 3, 4]]),
            Sample(op: try DropoutOp(probability: 0.3), inputs: [[2, 3, 4]]),
            Sample(op: ConstantOp(try uniform([2, 3])), inputs: []),
            Sample(op: SegmentOp(offset: 5, shape: [2, 4]), inputs: [[3, 5]]),
        ]
        samples += try RecurrentTests.sampleConfigurations(using: &rng).map { configuration, inputs in
            Sample(op: RecurrentOp(configuration), inputs: inputs)
        }
        let convTranspose = ConvTranspose2dConfiguration(inChannels: 4, outChannels: 6, kernel: 3, stride: 2,
                                                         padding: Padding2D(top: 1, left: 0, bottom: 0, right: 1), outputPadding: 1, groups: 2)
        let upsample = ConvTranspose2dConfiguration(inChannels: 3, outChannels: 2, kernel: 2, stride: 2)
        samples += [
            Sample(op: try ConvTransposeOp(convTranspose, weight: uniform(convTranspose.weightDimensions), bias: uniform([6])), inputs: [[2, 4, 5, 4]]),
            Sample(op: try ConvTransposeOp(upsample, weight: uniform(upsample.weightDimensions), bias: nil), inputs: [[1, 3, 4, 5]]),
            Sample(op: LpPoolOp(LpPoolConfiguration(p: 3, kernel: 3, stride: 2, padding: .symmetric(1), ceilMode: true)), inputs: [[2, 3, 7, 6]]),
            Sample(op: GlobalLpPoolOp(p: 2), inputs: [[2, 3, 4, 5]]),
            Sample(op: MaxPoolIndicesOp(.max(kernel: 3, stride: 2, padding: .symmetric(1)), order: .columnMajor), inputs: [[2, 3, 7, 6]]),
            Sample(op: MatMulOp(), inputs: [[2, 1, 3, 4], [3, 4, 5]]),
            Sample(op: MatMulOp(transposeA: true, transposeB: true, alpha: 0.5), inputs: [[4, 3], [5, 4]]),
        ]
        samples += movementSamples
        return samples
    }

    /// The names of the public types in Sources/Strata that conform to `GraphOp`, directly
    /// or through a protocol that refines it (`BatchNormFoldable`, ...).
    static func opTypesInSources() throws -> Set<String> {
        let files = FileManager.default.enumerator(at: strataSources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        let text = try files.map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        func conformances(_ pattern: String) throws -> [(name: String, protocols: Set<String>)] {
            try text.matches(of: Regex(pattern)).compactMap { match in
                guard let name = match.output[1].substring, let list = match.output[2].substring else { return nil }
                let protocols = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return (String(name), Set(protocols))
            }
        }
        var opProtocols: Set<String> = ["GraphOp"]
        for (name, refined) in try conformances(#"public protocol (\w+)\s*:\s*([^{]+)\{"#) where !refined.isDisjoint(with: opProtocols) {
            opProtocols.insert(name)
        }
        let declared = try conformances(#"public (?:struct|final class|class|enum) (\w+)\s*:\s*([^{]+)\{"#)
            + conformances(#"extension (\w+)\s*:\s*([^{]+)\{"#)
        return Set(declared.filter { !$0.protocols.isDisjoint(with: opProtocols) }.map(\.name))
    }

    @Test func everyOpTypeInTheSourcesHasSamples() throws {
        let inSources = try Self.opTypesInSources()
        #expect(inSources.isSuperset(of: ["ConvOp", "BinaryOp", "ActivationOp", "ConstantOp"]), "found \(inSources.sorted())")
        let sampled = Set(try Self.samples().map { String(describing: type(of: $0.op)) })
        #expect(inSources.subtracting(sampled).isEmpty,
                "op types without a sample here (add one, and its reference in Sources/StrataDiagnostics/References/): \(inSources.subtracting(sampled).sorted())")
        #expect(sampled.subtracting(inSources).isEmpty, "sampled types not found in Sources/Strata: \(sampled.subtracting(inSources).sorted())")
    }

    /// Every sample: the table's reference against ``GraphRunner`` and a compiled graph.
    @Test func everySampleMatchesItsReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 1)
        for sample in try Self.samples() {
            let inputs = try sample.inputs.map { try Tensor.uniform($0, low: sample.low, high: 1.5, using: &rng) }
            let label = "\(type(of: sample.op)) \(sample.op.opName) on \(sample.inputs)"
            let expected: Tensor
            do { expected = try referenceOutput(of: sample.op, inputs: inputs) } catch {
                Issue.record("\(label): \(error)")
                continue
            }
            for workers in [1, 2] {
                let (runner, compiled) = try Self.run(sample.op, inputs, workers: workers)
                for (name, actual) in [("runner", runner), ("compiled", compiled)] {
                    #expect(actual.shape == expected.shape, "\(label) \(name): shape \(actual.shape), reference \(expected.shape)")
                    let comparison = try actual.compared(with: expected)
                    #expect(comparison.relativeError <= opTolerance, "\(label) \(name) workers \(workers): \(comparison)")
                }
            }
        }
    }

    /// `op` as the one computed node of a graph (with a placeholder input for a
    /// zero-input op), through both runners.
    static func run(_ op: any GraphOp, _ inputs: [Tensor], workers: Int) throws -> (runner: Tensor, compiled: Tensor) {
        guard inputs.isEmpty else { return try runThroughGraphs(op, inputs, workers: workers) }
        let b = try GraphBuilder(inputShape: [1])
        let node = try b.add(op, [], name: "y")
        let graph = try b.build(outputs: [node])
        let input = try Tensor(shape: [1], values: [0])
        return (try GraphRunner(graph, workers: workers).run(input).output, try graph.compiled(workers: workers).run(input).output)
    }

    /// The cases declared in Activation.swift (`case relu`, `case leakyReLU(alpha: Float)`).
    static func activationCases() throws -> Set<String> {
        let text = try String(contentsOf: strataSources.appendingPathComponent("Ops/Activation/Activation.swift"), encoding: .utf8)
        return Set(try text.matches(of: Regex(#"\n    case ([a-zA-Z]\w*)"#)).compactMap { $0.output[1].substring.map(String.init) })
    }

    /// Every activation case has a sample (so every test that walks `Activation.samples`
    /// sees it) and an entry in `Reference.activations` under its spelling.
    @Test func activationSamplesAndReferencesCoverEveryCase() throws {
        let cases = try Self.activationCases()
        #expect(cases.contains("relu") && cases.contains("hardSigmoid"), "found \(cases.sorted())")
        let sampled = Set(Activation.samples.map(\.spelling.function))
        #expect(sampled == cases, "Activation.samples (OpTestSupport.swift) misses \(cases.subtracting(sampled).sorted())")
        let referenced = Set(Reference.activations.keys)
        #expect(referenced == cases, "Reference.activations misses \(cases.subtracting(referenced).sorted()), has extra \(referenced.subtracting(cases).sorted())")
        for activation in Activation.samples {
            #expect(throws: Never.self, "\(activation.name)") { _ = try activation.referenceValues([0.5]) }
        }
    }

    @Test func everyBinaryKindHasAReference() {
        #expect(Set(BinaryOp.Kind.allCases.map(\.rawValue)) == Set(Reference.binaryOperators.keys))
    }

    /// An op outside the table: the error names it.
    @Test func anOpWithoutAReferenceIsNamed() {
        struct Unlisted: GraphOp {
            var opName: String { "Unlisted" }
            func outputShape(for inputs: [Shape]) throws -> Shape { inputs[0] }
            func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan { KernelPlan { _, _, _ in } }
        }
        let error = #expect(throws: MissingReferenceError.self) {
            _ = try referenceOutput(of: Unlisted(), inputs: [Tensor(shape: [1], values: [1])])
        }
        #expect(error?.description.contains("'Unlisted'") == true, "\(String(describing: error))")
    }
}
