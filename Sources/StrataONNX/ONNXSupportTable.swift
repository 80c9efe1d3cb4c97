extension ONNXImporter {
    /// The supported ONNX operators as a Markdown table, made from the converter table so
    /// it cannot drift from the code: op, the opsets where its forms start, whether it runs
    /// on run-time tensors and whether it folds on constants, and each form's attributes
    /// and limits. `strata ops` prints it; Docs/ONNX.md holds a copy a test keeps current.
    public static var supportTable: String {
        var lines = [
            "| op | forms from opset | runs | folds | attributes and limits |",
            "|---|---|---|---|---|",
        ]
        for (op, forms) in ONNXOps.table.sorted(by: { $0.key < $1.key }) {
            let runs = forms.contains { $0.convert != nil } ? "yes" : "constants only"
            let folds = forms.contains { $0.fold != nil } ? "yes" : ""
            let notes = forms.filter { !$0.notes.isEmpty }
                .map { forms.count > 1 ? "\($0.since): \($0.notes)" : $0.notes }.joined(separator: "; ")
            lines.append("| \(op) | \(forms.map { String($0.since) }.joined(separator: ", ")) | \(runs) | \(folds) | \(notes) |")
        }
        return lines.joined(separator: "\n")
    }
}
