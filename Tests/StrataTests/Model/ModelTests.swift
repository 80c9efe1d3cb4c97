@testable import Strata
import Testing

/// ``Model``: symbolic dimensions bound per run, plans cached per shape (LRU), clear errors.
@Suite struct ModelTests {
    /// x [batch, 2, height, width] → conv 3x3 same → relu → global average pool → flatten:
    /// any height and width work; the graph is built for each bound shape.
    static func model(capacity: Int = 2) -> (Model, Counter) {
        let counter = Counter()
        let signature = InputSignature(name: "x", dimensions: [.symbolic("batch"), .fixed(2), .symbolic("height"), .symbolic("width")])
        let model = Model(inputs: [signature], outputNames: ["y"], planCacheCapacity: capacity) { _, shapes in
            counter.count += 1
            let b = try GraphBuilder(inputName: "x", inputShape: shapes["x"]!.dimensions, seed: 3)
            let y = try b.flatten(b.globalAveragePool(b.relu(b.conv(b.input, 4, kernel: 3, padding: .same))), name: "y")
            return try b.build(outputs: [y])
        }
        return (model, counter)
    }

    final class Counter: @unchecked Sendable { var count = 0 }

    @Test func plansOncePerShapeAndEvictsTheLeastRecentlyUsed() throws {
        let (model, builds) = Self.model(capacity: 2)
        var rng = SeededGenerator(seed: 4)
        let small = try Tensor.uniform([1, 2, 5, 7], using: &rng), large = try Tensor.uniform([3, 2, 9, 4], using: &rng)
        let first = try model.run(small, workers: 1)["y"]!
        #expect(first.shape == [1, 4] && builds.count == 1 && model.planStatistics.plans == 1)
        #expect(try model.run(small, workers: 1)["y"]!.scalars == first.scalars)
        #expect(builds.count == 1, "the same shape reuses its plan")
        #expect(try model.run(large, workers: 1)["y"]!.shape == [3, 4] && builds.count == 2)
        _ = try model.run(small, workers: 1)                                     // small is now most recent
        _ = try model.run(try Tensor.uniform([1, 2, 3, 3], using: &rng), workers: 1)   // evicts large
        #expect(builds.count == 3)
        _ = try model.run(small, workers: 1)
        #expect(builds.count == 3, "small stayed cached")
        _ = try model.run(large, workers: 1)
        #expect(builds.count == 4, "large was evicted and planned again")
        #expect(model.planStatistics.plans == 4 && model.planStatistics.lastPlanMilliseconds > 0)
    }

    @Test func theResultEqualsTheGraphRunAsWritten() throws {
        let (model, _) = Self.model()
        var rng = SeededGenerator(seed: 5)
        for shape in [[1, 2, 6, 6], [2, 2, 11, 3]] {
            let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
            let graph = try model.graph(for: ["x": x.shape])
            let expected = try GraphRunner(graph).run(x).output
            let comparison = try model.run(x)["y"]!.compared(with: expected)
            #expect(comparison.relativeError <= 1e-6, "\(shape): \(comparison)")
        }
    }

    @Test func shapesTheSignatureRefusesAreNamed() throws {
        let (model, _) = Self.model()
        let channels = #expect(throws: GraphError.self) { _ = try model.run(try Tensor(shape: [1, 3, 4, 4])) }
        #expect(channels?.description == "input 'x' was given shape [1, 3, 4, 4]; the model fixes axis 1 to 2: x [batch, 2, height, width]")
        let rank = #expect(throws: GraphError.self) { _ = try model.run(try Tensor(shape: [1, 2, 4])) }
        #expect(rank?.description.contains("rank 3; the model expects rank 4") == true)
        #expect(throws: GraphError.self) { _ = try model.graph() }
        #expect(model.symbolicMessage.contains("height (axis 2), width (axis 3)"))
    }

    @Test func aSymbolUsedTwiceMustAgree() throws {
        let signatures = [InputSignature(name: "a", dimensions: [.symbolic("n"), .fixed(2)]),
                          InputSignature(name: "b", dimensions: [.symbolic("n")])]
        let bound = try DimensionBindings(binding: ["a": [5, 2], "b": [5]], to: signatures)
        #expect(bound.sizes == ["n": 5] && bound.description == "n=5")
        let error = #expect(throws: GraphError.self) { _ = try DimensionBindings(binding: ["a": [5, 2], "b": [4]], to: signatures) }
        #expect(error?.description.contains("n = 4 on axis 0, but n = 5 elsewhere") == true)
    }

    /// A shape the graph cannot take fails naming the bound dimensions and the node.
    @Test func aShapeTheGraphRefusesNamesTheBindings() throws {
        let signature = InputSignature(name: "x", dimensions: [.fixed(1), .symbolic("length")])
        let model = Model(inputs: [signature], outputNames: ["y"]) { _, shapes in
            try Graph(inputs: [("x", shapes["x"]!)], nodes: [
                .init(name: "y", op: IdentityOp(reshapingTo: [2, 3]), inputs: ["x"]),
            ], outputs: ["y"])
        }
        #expect(try model.run(try Tensor(shape: [1, 6]))["y"]?.shape == [2, 3])
        let error = #expect(throws: GraphError.self) { _ = try model.run(try Tensor(shape: [1, 7])) }
        #expect(error?.description.hasPrefix("the model cannot run with length=7: node 'y' (Reshape)") == true, "\(String(describing: error))")
    }

    @Test func aFixedGraphIsAModel() throws {
        let graph = try GraphBuilder(inputShape: [1, 2]).build()
        let model = Model(graph)
        #expect(model.inputs == [InputSignature(name: "input", shape: [1, 2])] && model.symbolicDimensions.isEmpty)
        #expect(try model.graph().nodes.count == 1)
    }
}
