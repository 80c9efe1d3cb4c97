@testable import Strata
import Testing

/// "No such node" errors name close nodes, for the library's capturing APIs as for the CLI.
@Suite struct NodeNameSuggestionTests {
    @Test func editDistanceOfKnownPairs() {
        // Textbook values: kitten → sitting is 3 (k→s, e→i, +g); flaw → lawn is 2.
        #expect(Graph.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(Graph.editDistance(Array("flaw"), Array("lawn")) == 2)
        #expect(Graph.editDistance([], Array("abc")) == 3 && Graph.editDistance(Array("same"), Array("same")) == 0)
    }

    @Test func capturingAnUnknownNodeListsCloseNames() throws {
        let graph = try ModelZoo.build("seednet", seed: 1)
        let input = try Tensor(shape: [1, 1, 28, 28])
        // conv9 is one edit from conv1 and conv2; "relu" is contained in relu1...relu3.
        #expect(graph.nodeNames(closeTo: "conv9") == ["conv1", "conv2"])
        #expect(graph.nodeNames(closeTo: "RELU") == ["relu1", "relu2", "relu3"])
        #expect(graph.nodeNames(closeTo: "layer4.1.relu").isEmpty)
        do {
            _ = try GraphRunner(graph).run(input, capturing: ["conv9"])
            Issue.record("capturing conv9 did not throw")
        } catch {
            #expect("\(error)" == "no such node 'conv9'; close names: conv1, conv2")
        }
        // Compiling to keep a node the graph lacks (what Model.run's capturing does).
        do {
            _ = try graph.compiled(options: CompileOptions(keeping: ["pool3"]))
            Issue.record("keeping pool3 did not throw")
        } catch {
            #expect("\(error)".contains("no such node 'pool3'; close names: pool1, pool2"), "\(error)")
        }
        do {
            _ = try graph.index(of: "zzzzzzzzz")
            Issue.record("index(of:) did not throw")
        } catch {
            #expect("\(error)".contains("no such node 'zzzzzzzzz'; the graph's 12 nodes include input, conv1"), "\(error)")
        }
    }
}
