import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Inputs `Scripts/fuzz onnx` found, each with the error it must give.
@Suite struct FuzzFindingsTests {
    /// A Pad widening a [1, 2, 5, 5] input by 620,756,994 rows: planning built a 4.9 GB
    /// index table before the arena's memory check. Now the node's output is checked first.
    @Test func aHugePadFailsBeforePlanning() throws {
        let bytes = [UInt8](Data(base64Encoded: "CAg6hgEKDgoBeAoBcBIBeSIDUGFkEgFnKkkICBAHQgFwSkAAAAAAAAAAAAAAAAAAAAAAAQAAJQAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAEAAAAAAAAAWhsKAXgSFgoUCAESEAoCCAEKAggCCgIIBQoCCAViCQoBeRIECgIIAUIECgAQEQ==")!)
        let model = try ONNXImporter.load(bytes: bytes)
        let error = #expect(throws: StrataError.self) { _ = try model.run(["x": Tensor(shape: try Shape([1, 2, 5, 5]))]) }
        #expect(error?.description.contains("memory limit: node 'y' (Pad) output [1, 2, 620756999, 7]") == true, "\(String(describing: error))")
    }
}
