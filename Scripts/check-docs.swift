// Fails when a public declaration of the documented targets has no doc comment.
//
//     swift Scripts/check-docs.swift DIR...
//
// DIR: a folder of symbol graphs (`*.symbols.json`), as `swift package generate-documentation`
// leaves them in `.build/<triple>/extracted-symbols/<package>/<Target>/` (Scripts/docs passes
// them). A Swift script rather than Python so Scripts/test needs nothing beyond the toolchain.
//
// Not counted, each for a reason:
// - symbols without a source location: compiler-synthesized (`hashValue`, `hash(into:)` of
//   an enum), nothing to write a comment on;
// - `swift.extension` symbols: the extension block itself (its members are checked);
// - declarations in a `Generated/` folder: protoc output (StrataONNX's onnx.pb.swift), whose
//   comments are onnx.proto's own and are rewritten by Scripts/generate-onnx-proto.
// A symbol that implements a documented protocol requirement carries the requirement's
// comment in the symbol graph (swift-symbolgraph-extract copies it), so it passes.
import Foundation

var missing: [String] = []
var checked = 0
let arguments = CommandLine.arguments.dropFirst()
guard !arguments.isEmpty else {
    FileHandle.standardError.write("usage: swift Scripts/check-docs.swift SYMBOL-GRAPH-DIR...\n".data(using: .utf8)!)
    exit(2)
}
for directory in arguments {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory))?
        .filter { $0.hasSuffix(".symbols.json") }.sorted() ?? []
    guard !files.isEmpty else {
        FileHandle.standardError.write("check-docs: no *.symbols.json in \(directory)\n".data(using: .utf8)!)
        exit(2)
    }
    for file in files {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file))
        guard let graph = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let symbols = graph["symbols"] as? [[String: Any]]
        else { fatalError("check-docs: \(file) is not a symbol graph") }
        for symbol in symbols {
            let access = symbol["accessLevel"] as? String
            guard access == "public" || access == "open" else { continue }
            let kind = (symbol["kind"] as? [String: Any])?["identifier"] as? String ?? "?"
            guard kind != "swift.extension",
                  let location = symbol["location"] as? [String: Any],
                  let uri = location["uri"] as? String,
                  !uri.contains("/Generated/")
            else { continue }
            checked += 1
            let lines = ((symbol["docComment"] as? [String: Any])?["lines"] as? [[String: Any]]) ?? []
            let text = lines.compactMap { $0["text"] as? String }.joined()
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                let line = ((location["position"] as? [String: Any])?["line"] as? Int ?? -1) + 1
                let path = uri.replacingOccurrences(of: "file://", with: "")
                let name = (symbol["pathComponents"] as? [String])?.joined(separator: ".") ?? "?"
                missing.append("\(path):\(line): public \(kind.replacingOccurrences(of: "swift.", with: "")) \(name) has no doc comment")
            }
        }
    }
}
// An extension's members can appear in two graphs (the module's and `Module@Other`): report once.
let unique = Array(Set(missing)).sorted()
for line in unique { print(line) }
if unique.isEmpty {
    print("check-docs: all \(checked) public declarations are documented")
} else {
    print("check-docs: \(unique.count) public declarations without a doc comment")
    exit(1)
}
