import Strata

/// The input pixels one output unit of a layer sees (its receptive field, placed by
/// `GraphSummary.Row.receptiveFieldStart` and `GraphSummary.Row.jump`), clipped to the
/// image: what the report draws on the input.
public struct ReceptiveFieldBox: Sendable, Equatable {
    /// First row and column of the field, possibly negative (in the padding).
    public let top: Int, left: Int
    /// Rows and columns of the whole field, padding included.
    public let height: Int, width: Int
    /// The field clipped to the image: first row and column, and one past the last
    /// (`clippedBottom - clippedTop` rows); empty when the field lies outside the image.
    public let clippedTop: Int, clippedLeft: Int, clippedBottom: Int, clippedRight: Int

    /// The field of unit (`y`, `x`) of `row`'s output in an image of `imageHeight` ×
    /// `imageWidth` pixels: rows `start.height + y·jump.height` onward, `receptiveField.height`
    /// of them (likewise columns).
    /// - Throws: `StrataError.invalidArgument(_:)` when the row's output is not
    ///   `[N, C, H, W]`, has mixed the whole plane (`GraphSummary.Row.isGlobal`), or has
    ///   no unit (`y`, `x`).
    public init(row: GraphSummary.Row, y: Int, x: Int, imageHeight: Int, imageWidth: Int) throws {
        guard row.outputShape.rank == 4, !row.isGlobal else {
            throw StrataError.invalidArgument(
                "layer '\(row.name)' (\(row.op), output \(row.outputShape)) has no spatial units; expected a layer with an [N, C, H, W] output before any global op")
        }
        let (h, w) = (row.outputShape[2], row.outputShape[3])
        guard (0..<h).contains(y), (0..<w).contains(x) else {
            throw StrataError.invalidArgument(
                "unit (\(y), \(x)) is outside layer '\(row.name)', whose output is \(h)x\(w); expected 0...\(h - 1), 0...\(w - 1)")
        }
        top = row.receptiveFieldStart.height + y * row.jump.height
        left = row.receptiveFieldStart.width + x * row.jump.width
        (height, width) = (row.receptiveField.height, row.receptiveField.width)
        clippedTop = min(max(top, 0), imageHeight)
        clippedLeft = min(max(left, 0), imageWidth)
        clippedBottom = max(min(top + height, imageHeight), clippedTop)
        clippedRight = max(min(left + width, imageWidth), clippedLeft)
    }
}
