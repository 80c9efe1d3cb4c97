/// `output[c, r] = input[r, c]` for a row-major `[rows, columns]` matrix, in 16x16 tiles so
/// both the reads and the writes stay within a few cache lines.
public func transpose2D(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    let tile = 16
    for r0 in stride(from: 0, to: rows, by: tile) {
        for c0 in stride(from: 0, to: columns, by: tile) {
            for r in r0..<min(r0 + tile, rows) {
                for c in c0..<min(c0 + tile, columns) {
                    output[c * rows + r] = input[r * columns + c]
                }
            }
        }
    }
}
