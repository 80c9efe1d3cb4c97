@testable import Strata
import StrataDiagnostics
import Testing

/// Every inference pass must compute what the graph as written computes.
@Suite struct CompiledGraphTests {
    static let seed: UInt64 = 77

    /// A small residual network with BatchNorm, several activations, a depthwise conv, a
    /// channel concat, pooling and a linear head: every fusion rule has something to do.
    static func testGraph(batch: Int = 2) throws -> Graph {
        let b = try GraphBuilder(inputShape: [batch, 3, 20, 18], seed: seed)
        var x = try b.conv(b.input, 12, kernel: 3, stride: 2, padding: .symmetric(1), bias: false, name: "stem")
        x = try b.relu(b.batchNorm(x, name: "stem.bn"), name: "stem.relu")
        let skip = x
        x = try b.conv(x, 12, kernel: 3, padding: .symmetric(1), groups: 12, name: "dw")
        x = try b.activation(b.batchNorm(x, name: "dw.bn"), .clip(min: 0, max: 6), name: "dw.relu6")
        x = try b.conv(x, 12, kernel: 1, name: "pw")
        x = try b.batchNorm(x, name: "pw.bn")
        x = try b.activation(b.add(x, skip, name: "residual"), .silu, name: "residual.silu")
        let side = try b.activation(b.conv(x, 4, kernel: 3, padding: .same, name: "side"), .hardSwish, name: "side.act")
        x = try b.concat([x, side], name: "concat")
        x = try b.avgPool(x, kernel: 3, stride: 2, padding: .symmetric(1), ceilMode: true, name: "pool")
        x = try b.flatten(b.globalMaxPool(x), name: "flatten")
        x = try b.activation(b.linear(x, 7, name: "fc"), .tanh, name: "fc.tanh")
        return try b.build(outputs: [x]).randomizingStatistics(seed: seed)
    }

    func check(_ options: CompileOptions, workers: Int) throws {
        let graph = try Self.testGraph()
        var rng = SeededGenerator(seed: Self.seed)
        let input = try Tensor.uniform(graph.input.outputShape.dimensions, low: -1, high: 1, using: &rng)
        let expected = try GraphRunner(graph, workers: workers).run(input).output
        let actual = try graph.compiled(options: options, workers: workers).run(input).output
        let comparison = try actual.compared(with: expected)
        #expect(comparison.relativeError <= 1e-5, "seed \(Self.seed) options \(options) workers \(workers): \(comparison)")
    }

    @Test(arguments: [1, 2])
    func arenaPlanningAloneMatchesUnoptimized(workers: Int) throws {
        try check(CompileOptions(foldBatchNorm: false, fuseActivations: false), workers: workers)
    }

    @Test func batchNormFoldingMatchesUnoptimized() throws {
        try check(CompileOptions(foldBatchNorm: true, fuseActivations: false), workers: 2)
    }

    @Test func activationFusionMatchesUnoptimized() throws {
        try check(CompileOptions(foldBatchNorm: false, fuseActivations: true), workers: 2)
    }

    @Test(arguments: [1, 2])
    func allPassesMatchUnoptimized(workers: Int) throws {
        try check(CompileOptions(), workers: workers)
    }

    /// `convolutionAlgorithm` plans every convolution it applies to with it (the 3x3 stride-1
    /// "side" conv runs Winograd) and leaves the others to the cost model (the stride-2 stem).
    @Test(arguments: [ConvAlgorithm.winograd2x2, .winograd4x4])
    func forcedConvolutionAlgorithm(_ algorithm: ConvAlgorithm) throws {
        try check(CompileOptions(convolutionAlgorithm: algorithm), workers: 2)
        let graph = try Self.testGraph().compiled(options: CompileOptions(convolutionAlgorithm: algorithm), workers: 2).graph
        func planned(_ name: String) throws -> String? {
            let node = try #require(graph.nodes.first { $0.name == name || $0.name == name + ".act" || $0.name == name + ".relu" })
            return node.op.plannedAlgorithm(inputs: node.inputs.map { graph.nodes[$0].outputShape }, workers: 2)
        }
        #expect(try planned("side") == algorithm.rawValue)
        #expect(try planned("stem") == ConvAlgorithm.im2colGemm.rawValue)
    }

    @Test func passesRemoveTheNodesTheyFold() throws {
        let compiled = try Self.testGraph().compiled()
        let names = compiled.graph.nodes.map(\.name)
        #expect(!names.contains("stem") && !names.contains("stem.bn") && names.contains("stem.relu"), "\(names)")
        #expect(compiled.graph.nodes.first { $0.name == "stem.relu" }?.op.opName == "Conv2d+\(Activation.relu.name)")
        #expect(compiled.graph.nodes.first { $0.name == "fc.tanh" }?.op.opName == "Linear+\(Activation.tanh.name)")
        // The residual add has two consumers of its inputs; nothing may fold across it.
        #expect(names.contains("residual") && names.contains("residual.silu"))
    }

    @Test func steadyStateRunAllocatesNoTensorBuffers() throws {
        let graph = try Self.testGraph()
        let compiled = try graph.compiled()
        var rng = SeededGenerator(seed: 5)
        let input = try Tensor.uniform(graph.input.outputShape.dimensions, using: &rng)
        var output = Tensor(shape: compiled.outputShape)
        let address = output.withUnsafeBufferPointer { $0.baseAddress }
        let allocations = try AllocationCounter.tensorAllocations {
            for _ in 0..<5 { try compiled.run(input, into: &output) }
        }
        #expect(allocations == 0, "a steady-state run allocated \(allocations) tensor buffers")
        // The counter does count: one tensor, one buffer.
        let three: Shape = [3]
        #expect(AllocationCounter.tensorAllocations { _ = Tensor(shape: three) } == 1)
        #expect(output.withUnsafeBufferPointer { $0.baseAddress } == address)
    }

    @Test func arenaReusesMemory() throws {
        let graph = try Self.testGraph()
        let compiled = try graph.compiled(options: CompileOptions(foldBatchNorm: false, fuseActivations: false))
        let sumOfAllOutputs = graph.nodes.dropFirst().filter { !$0.op.aliasesInput }.reduce(0) { $0 + $1.outputShape.elementCount }
        #expect(compiled.arenaCount < sumOfAllOutputs / 2, "arena \(compiled.arenaCount) floats, all outputs \(sumOfAllOutputs)")
        // The largest live pair must fit: a node and its input are never overlapped.
        let largest = graph.nodes.dropFirst().map(\.outputShape.elementCount).max()!
        #expect(compiled.arenaCount >= largest)
    }

    @Test func keptFeatureMapsAreReturnedAndMatchTheRunner() throws {
        let graph = try Self.testGraph()
        var rng = SeededGenerator(seed: 9)
        let input = try Tensor.uniform(graph.input.outputShape.dimensions, using: &rng)
        let names = ["stem.bn", "dw.relu6", "concat"]
        let compiled = try graph.compiled(options: CompileOptions(keeping: Set(names)))
        let (_, maps) = try compiled.run(input, capturing: names)
        let (_, expected) = try GraphRunner(graph).run(input, capturing: names)
        for name in names {
            let comparison = try #require(maps[name]).compared(with: #require(expected[name]))
            #expect(comparison.relativeError <= 1e-5, "\(name): \(comparison)")
        }
        let error = #expect(throws: GraphError.self) { try compiled.run(input, capturing: ["stem"]) }
        #expect(error?.description.contains("keeping") == true)
    }
}
