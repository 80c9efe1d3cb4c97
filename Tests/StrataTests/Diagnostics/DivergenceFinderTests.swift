import Strata
import StrataDiagnostics
import Testing

@Suite struct DivergenceFinderTests {
    /// An op whose fast path is deliberately wrong (adds 1) while its reference is right.
    struct BrokenOp: GraphOp, ReferenceComputable {
        var opName: String { "Broken" }
        func outputShape(for inputs: [Shape]) throws -> Shape { inputs[0] }
        func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan { Plan(count: output.elementCount) }
        func reference(inputs: [Tensor]) throws -> Tensor { inputs[0] }
        struct Plan: OpPlan {
            let count: Int
            func execute(inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
                         workspace: UnsafeMutablePointer<Float>?) {
                for i in 0..<count { output[i] = inputs[0][i] + 1 }
            }
        }
    }

    @Test func namesTheFirstNodeOverTheTolerance() throws {
        let b = try GraphBuilder(inputShape: [1, 2, 6, 6], seed: 2)
        var x = try b.conv(b.input, 4, kernel: 3, padding: .same, name: "good")
        x = try b.add(BrokenOp(), [x], name: "bad")
        x = try b.relu(x, name: "after")
        let graph = try b.build()
        var rng = SeededGenerator(seed: 3)
        let report = try graph.findDivergence(input: try Tensor.uniform([1, 2, 6, 6], using: &rng))
        #expect(report.firstDivergent?.node == "bad", "\(report)")
        #expect(report.entries.map(\.node) == ["good", "bad"])
        #expect(report.entries[0].relativeError <= 1e-5)
    }
}
