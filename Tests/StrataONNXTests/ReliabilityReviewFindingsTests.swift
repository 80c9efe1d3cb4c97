import Foundation
import Strata
@testable import StrataONNX
import Testing

/// What the hostile review of issue 13 found (reproducers in its report), each with the
/// error or result it must give.
@Suite struct ReliabilityReviewFindingsTests {
    /// An input `[2^31 − 1, 2^31 − 1, 2^31 − 1, 0]` has no elements, but its strides
    /// overflowed: `strata summary` trapped in the arena planner. Such shapes are refused
    /// when the model is loaded, naming the input.
    @Test(arguments: [[2_147_483_647, 2_147_483_647, 2_147_483_647, 0], [0, 2_147_483_647, 2_147_483_647, 2_147_483_647]] as [[Int64]])
    func anEmptyInputWhoseOtherSidesOverflowIsRefused(_ dims: [Int64]) throws {
        let model = ONNXModelFactory.model(input: dims.map { $0 }, nodes: [ONNXModelFactory.node("Relu", ["x"], "y")], output: "y")
        let error = #expect(throws: (any Error).self) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("graph input 'x' has dimensions") && message.contains("the product of its non-zero dimensions overflows Int"),
                "\(message)")
    }

    /// x `[N, 1, 8, 8]` padded by 2^29 on each side of H and W. At N = 0 the output
    /// `[0, 1, 2^30 + 8, 2^30 + 8]` is empty, yet planning it built Pad's index tables
    /// (32 GB). Nodes with an empty output are not planned.
    @Test func aPadWithAnEmptyOutputIsNotPlanned() throws {
        let bytes = [UInt8](Data(base64Encoded: "CAg6lAEKGAoBeAoEcGFkcxIBeRoFd2lkZW4iA1BhZBIBZypMCAgQB0IEcGFkc0pAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIAAAAAAAAAAgAAAAAFocCgF4EhcKFQgBEhEKAxIBTgoCCAEKAggICgIICGIJCgF5EgQKAggBQgQKABAR")!)
        let model = try ONNXImporter.load(bytes: bytes)
        let output = try model.run(["x": Tensor(shape: try Shape([0, 1, 8, 8]))])["y"]
        #expect(output?.shape == (try Shape([0, 1, 1_073_741_832, 1_073_741_832])))
    }

    /// A 100,000-node chain in reverse order was refused with a 3.6 MB message naming
    /// every node; messages now name 20 and count the rest.
    @Test func aLongListOfProblemsIsAbbreviated() throws {
        let nodes = (1...25).reversed().map { ONNXModelFactory.node("Relu", [$0 == 1 ? "x" : "t\($0 - 1)"], "t\($0)") }
        let model = ONNXModelFactory.model(nodes: nodes, output: "t25")
        let error = #expect(throws: ONNXImportError.self) { _ = try ONNXImporter.load(bytes: ONNXModelFactory.bytes(model)) }
        let message = error?.description ?? ""
        #expect(message.contains("node 't25' (Relu) reads 't24'") && message.hasSuffix("; and 4 more"), "\(message)")
    }
}
