/// A pad planned for one input shape: per axis, the input index (or -1) of every output
/// index, so a run only walks tables.
struct PadTables: Sendable {
    let input: Shape
    let output: Shape
    let configuration: PadConfiguration
    /// `sources[axis][i]`: input index for output index i on that axis, or -1.
    let sources: [[Int]]

    init(configuration: PadConfiguration, input: Shape) throws {
        self.input = input
        self.configuration = configuration
        let output = try configuration.outputShape(input: input)
        self.output = output
        // One Int per output index of each axis: as long as the output's sides, not its volume.
        try MemoryLimit.check(
            floats: MemoryLimit.total(output.dimensions.map { 2 * $0 }) ?? .max,
            "the index tables of a pad from \(input) to \(output) (\(output.dimensions.map(String.init).joined(separator: " + ")) entries)")
        sources = (0..<input.rank).map { axis in (0..<output[axis]).map { configuration.source($0, axis: axis, size: input[axis]) } }
    }
}

/// Pads `input` (`tables.input`) into `output` (`tables.output`). Rows along the last axis
/// are split over `workers`; inside a row, the kept span is one copy and the rest follows
/// the last axis's table.
func pad(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, tables: PadTables, workers: Int) {
    let rank = tables.input.rank
    let width = tables.output[rank - 1]
    let rows = width == 0 ? 0 : tables.output.elementCount / width
    let inStrides = tables.input.strides
    let inner = tables.sources[rank - 1]
    let value = tables.configuration.value
    // The contiguous run of the last axis that copies input elements in order.
    let first = inner.firstIndex { $0 >= 0 } ?? 0
    var run = 0
    while first + run < width, inner[first + run] == (inner[first] + run), inner[first] >= 0 { run += 1 }
    let shares = elementwiseShares(tables.output.elementCount, workers: workers)
    parallelFor(shares, workers: workers) { share in
        let (r0, r1) = evenSplit(rows, parts: shares, part: share)
        for row in r0..<r1 {
            // The input offset of this row's outer indices, or nil when one of them is
            // outside the input under constant mode.
            var rest = row, offset = 0, inside = true
            for axis in stride(from: rank - 2, through: 0, by: -1) {
                let index = rest % tables.output[axis]
                rest /= tables.output[axis]
                let source = tables.sources[axis][index]
                if source < 0 { inside = false; break }
                offset += source * inStrides[axis]
            }
            let line = output + row * width
            guard inside else {
                line.update(repeating: value, count: width)
                continue
            }
            let source = input + offset
            for i in 0..<first { line[i] = inner[i] < 0 ? value : source[inner[i]] }
            if run > 0 { (line + first).update(from: source + inner[first], count: run) }
            for i in (first + run)..<width { line[i] = inner[i] < 0 ? value : source[inner[i]] }
        }
    }
}
