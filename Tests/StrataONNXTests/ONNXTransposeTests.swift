import Strata
import StrataReference
@testable import StrataONNX
import Testing

/// ONNX Transpose imports as a ``TransposeOp`` at any rank: explicit perms, the default
/// (reversed axes), and a perm that does not fit the input, which names the node and perm.
@Suite struct ONNXTransposeTests {
    static func graph(input: [Int64], perm: [Int64]?) throws -> Graph {
        let node = ONNXModelFactory.node("Transpose", ["x"], "y", ints: perm.map { ["perm": $0] } ?? [:])
        let model = ONNXModelFactory.model(input: input, nodes: [node], output: "y")
        return try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)).graph()
    }

    @Test(arguments: [
        ([1, 2, 4, 4], [0, 2, 3, 1]),            // NCHW → NHWC
        ([1, 2, 3, 2, 2], [0, 2, 1, 3, 4]),      // channel shuffle
        ([2, 1, 3, 1, 2, 1, 2, 3], [7, 0, 6, 1, 5, 2, 4, 3]),
    ] as [([Int64], [Int64])])
    func permutationsMatchReference(_ input: [Int64], _ perm: [Int64]) throws {
        let graph = try Self.graph(input: input, perm: perm)
        let shape = input.map(Int.init)
        let permutation = perm.map(Int.init)
        #expect(graph.nodes[graph.outputs[0]].outputShape.dimensions == permutation.map { shape[$0] })
        var rng = SeededGenerator(seed: 5)
        let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
        let y = try GraphRunner(graph, workers: 2).run(x).output
        #expect(y.scalars == Reference.transpose(x.scalars, shape: shape, perm: permutation), "\(input) perm \(perm)")
    }

    @Test func defaultPermReversesTheAxes() throws {
        let graph = try Self.graph(input: [2, 3, 4], perm: nil)
        #expect(graph.nodes[graph.outputs[0]].outputShape == [4, 3, 2])
    }

    @Test func permThatDoesNotFitIsNamed() throws {
        let error = #expect(throws: ONNXImportError.self) { _ = try Self.graph(input: [1, 2, 4, 4], perm: [0, 2, 1]) }
        #expect(error?.description.contains("perm [0, 2, 1]") == true, "\(String(describing: error))")
        #expect(error?.description.contains("[1, 2, 4, 4]") == true, "\(String(describing: error))")
    }
}
