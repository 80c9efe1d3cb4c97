import Foundation
import StrataONNX
import Testing

/// Docs/ONNX.md's operator table is the converter table's: regenerate it with
/// `Scripts/update-onnx-ops-table` after changing Sources/StrataONNX/ONNXOpTable.swift.
@Suite struct ONNXSupportTableTests {
    @Test func theDocumentedTableIsTheConverterTable() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/ONNX.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let begin = "<!-- BEGIN ONNX OPS (Scripts/update-onnx-ops-table) -->\n", end = "\n<!-- END ONNX OPS -->"
        let start = try #require(text.range(of: begin), "Docs/ONNX.md has no operator table section")
        let stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        #expect(String(text[start.upperBound..<stop.lowerBound]) == ONNXImporter.supportTable,
                "Docs/ONNX.md's operator table is stale: run Scripts/update-onnx-ops-table")
        #expect(ONNXImporter.supportTable.contains("| Conv | 1 | yes |  | 1-D and 2-D;"))
    }
}
