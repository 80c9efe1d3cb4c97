/// How a Winograd convolution cuts its output into m×m tiles: `rows × columns` tiles per
/// image (the last row and column may stick out of the output plane; those pixels are
/// computed from zero padding and never stored), numbered row-major over
/// `(image, tile row, tile column)`. Tile `(th, tw)` reads the α×α input window whose
/// top-left pixel is `(th·m − padding.top, tw·m − padding.left)`; pixels outside the
/// input are zeros, as in the padding.
struct WinogradTiling: Sendable {
    let variant: WinogradVariant
    let batch: Int
    let inChannels: Int
    let outChannels: Int
    let input: Size2D
    let output: Size2D
    let padding: Padding2D
    /// Tile rows and columns per image: ⌈OH/m⌉ and ⌈OW/m⌉.
    let rows: Int
    let columns: Int

    init(variant: WinogradVariant, batch: Int, inChannels: Int, outChannels: Int, geometry: WindowGeometry) {
        let m = variant.outputTile
        (self.variant, self.batch, self.inChannels, self.outChannels) = (variant, batch, inChannels, outChannels)
        (input, output, padding) = (geometry.input, geometry.output, geometry.padding)
        rows = (geometry.output.height + m - 1) / m
        columns = (geometry.output.width + m - 1) / m
    }

    /// Tiles of the whole batch.
    var count: Int { batch * rows * columns }

    /// Floats of one phase row of a deinterleaved band (``WinogradInput``): a tile row's
    /// columns plus the 8 a vector of tiles may read past its last tile.
    var phaseStride: Int { columns + 8 }

    /// Calls `body(image, tileRow, columns, offset)` for each run of `tiles` that lies in
    /// one tile row: its tile columns and the position of its first tile in `tiles`.
    @inline(__always)
    func forEachRun(_ tiles: Range<Int>, _ body: (_ image: Int, _ tileRow: Int, _ columns: Range<Int>, _ offset: Int) -> Void) {
        var tile = tiles.lowerBound
        while tile < tiles.upperBound {
            let (row, column) = tile.quotientAndRemainder(dividingBy: columns)
            let (image, tileRow) = row.quotientAndRemainder(dividingBy: rows)
            let end = min(columns, column + tiles.upperBound - tile)
            body(image, tileRow, column..<end, tile - tiles.lowerBound)
            tile += end - column
        }
    }
}
