import Strata

/// Which layers `strata report` shows and which unit's receptive field it draws.
enum ReportSelection {
    /// The nodes to draw, in graph order: `requested` (each once, however often given), or
    /// by default every node whose output is `[N, C, H, W]` or `[N, C]` with no empty axis
    /// (the input itself excluded: the page shows it on its own). Throws for unknown names
    /// and for nodes of another shape, listing what was expected.
    static func layers(_ requested: [String], in graph: Graph, model: String) throws -> [String] {
        let inputs = Set(graph.inputs)
        let drawable = graph.nodes.enumerated().filter { index, node in
            let d = node.outputShape.dimensions
            return !inputs.contains(index) && (d.count == 4 || d.count == 2) && d.allSatisfy { $0 >= 1 }
        }.map(\.element.name)
        guard !requested.isEmpty else { return drawable }
        let known = graph.nodes.map(\.name)
        let unknown = requested.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            let examples = known.dropFirst().prefix(8).joined(separator: ", ")
            throw GraphError.unknownNode(
                "unknown layer\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                + "expected node names such as \(examples) (\(known.count - 1) in all; `strata summary \(model)` lists them)")
        }
        if let other = requested.first(where: { !drawable.contains($0) }) {
            let shape = graph.nodes.first { $0.name == other }!.outputShape
            throw StrataError.invalidShape("layer '\(other)' has output \(shape); the report draws outputs [N, C, H, W] or [N, C]")
        }
        return known.filter { requested.contains($0) }
    }

    /// `--unit LAYER[:Y,X]` resolved against the summary, or by default the centre unit
    /// (`H / 2`, `W / 2`) of the deepest spatial layer: the last row with an `[N, C, H, W]`
    /// output before any global op. Nil when the model has no such layer.
    static func unit(_ text: String?, summary: GraphSummary, model: String) throws -> (layer: String, y: Int, x: Int)? {
        func spatial(_ row: GraphSummary.Row) -> Bool {
            row.outputShape.rank == 4 && !row.isGlobal && row.outputShape.dimensions.allSatisfy { $0 >= 1 }
        }
        guard let text else {
            guard let row = summary.rows.dropFirst().last(where: spatial) else { return nil }
            return (row.name, row.outputShape[2] / 2, row.outputShape[3] / 2)
        }
        // The last colon separates the unit, so a node name may itself hold colons.
        var name = text, position: (Int, Int)?
        if let colon = text.lastIndex(of: ":") {
            let numbers = text[text.index(after: colon)...].split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            if numbers.count == 2, let y = numbers[0], let x = numbers[1] {
                name = String(text[..<colon])
                position = (y, x)
            } else if summary.rows.contains(where: { $0.name == text }) == false {
                throw StrataError.invalidArgument("--unit \(text): expected LAYER or LAYER:Y,X with whole numbers Y and X, such as layer4.1.relu:3,3")
            }
        }
        guard let row = summary.rows.first(where: { $0.name == name }) else {
            throw GraphError.unknownNode("--unit names no node '\(name)'; `strata summary \(model)` lists the nodes")
        }
        guard spatial(row) else {
            throw StrataError.invalidArgument(
                "--unit \(text): layer '\(name)' (output \(row.outputShape)\(row.isGlobal ? ", after a global op" : "")) has no spatial units; expected a layer with an [N, C, H, W] output before any global op")
        }
        let (y, x) = position ?? (row.outputShape[2] / 2, row.outputShape[3] / 2)
        guard (0..<row.outputShape[2]).contains(y), (0..<row.outputShape[3]).contains(x) else {
            throw StrataError.invalidArgument(
                "--unit \(text): layer '\(name)' is \(row.outputShape[2])x\(row.outputShape[3]); expected Y in 0...\(row.outputShape[2] - 1) and X in 0...\(row.outputShape[3] - 1)")
        }
        return (name, y, x)
    }

    /// Units of shallower layers whose fields are centred nearest the chosen unit's: for
    /// each jump (resolution) before the chosen layer's, the last spatial layer with it, at
    /// most `limit` of them, deepest first. Drawn beside the chosen field, they show the
    /// field growing with depth (a deep unit's field often covers the whole image).
    static func comparisonUnits(
        for chosen: (layer: String, y: Int, x: Int), summary: GraphSummary, limit: Int = 4
    ) -> [(layer: String, y: Int, x: Int)] {
        guard let index = summary.rows.firstIndex(where: { $0.name == chosen.layer }) else { return [] }
        let row = summary.rows[index]
        // The centre of a field, in input pixels: first pixel + (size − 1)/2.
        let centre = (Double(row.receptiveFieldStart.height + chosen.y * row.jump.height) + Double(row.receptiveField.height - 1) / 2,
                      Double(row.receptiveFieldStart.width + chosen.x * row.jump.width) + Double(row.receptiveField.width - 1) / 2)
        var result: [(String, Int, Int)] = []
        var jumps: Set<Size2D> = [row.jump]
        for earlier in summary.rows[1..<index].reversed() where result.count < limit {
            guard earlier.outputShape.rank == 4, !earlier.isGlobal, earlier.outputShape.dimensions.allSatisfy({ $0 >= 1 }),
                  !jumps.contains(earlier.jump) else { continue }
            jumps.insert(earlier.jump)
            func nearest(_ c: Double, _ start: Int, _ jump: Int, _ field: Int, _ size: Int) -> Int {
                let position = ((c - Double(start) - Double(field - 1) / 2) / Double(jump)).rounded()
                return Int(max(0, min(Double(size - 1), position)))
            }
            result.append((earlier.name,
                           nearest(centre.0, earlier.receptiveFieldStart.height, earlier.jump.height, earlier.receptiveField.height, earlier.outputShape[2]),
                           nearest(centre.1, earlier.receptiveFieldStart.width, earlier.jump.width, earlier.receptiveField.width, earlier.outputShape[3])))
        }
        return result
    }
}
