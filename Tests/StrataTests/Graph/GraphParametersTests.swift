import Foundation
import Strata
import StrataDiagnostics
import Testing

@Suite struct GraphParametersTests {
    @Test func saveAndLoadRoundTripsEveryParameterByName() throws {
        let original = try GoldenModels.graph("seednet", size: 28, classes: 10, seed: 5)
        let other = try ModelZoo.build("seednet", seed: 99)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try original.saveParameters(to: url)
        let loaded = try other.loadingParameters(contentsOf: url)
        for ((name, a), (_, b)) in zip(original.namedParameters, loaded.namedParameters) {
            #expect(a.scalars == b.scalars, "\(name) differs after the round trip")
        }
        #expect(throws: StrataError.self) { try original.saveParameters(to: url) }   // never overwrite silently
    }

    @Test func strictLoadingListsEveryProblemAtOnce() throws {
        let graph = try ModelZoo.build("seednet", seed: 1)
        var tensors = Dictionary(uniqueKeysWithValues: graph.namedParameters.map { ($0.name, $0.value) })
        tensors["conv1.weight"] = nil
        tensors["dense2.bias"] = try Tensor(shape: [11])
        tensors["extra.weight"] = try Tensor(shape: [1])
        let error = #expect(throws: StrataError.self) { try graph.loadingParameters(tensors) }
        let message = error?.description ?? ""
        #expect(message.contains("conv1.weight") && message.contains("dense2.bias") && message.contains("extra.weight"), "\(message)")
    }
}
