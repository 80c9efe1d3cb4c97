/// Resizing by area: each output pixel is the mean of the source pixels its footprint
/// touches. Enlarging by a whole factor k this is nearest-neighbour (every source pixel
/// becomes a k x k block, values unchanged); shrinking it averages instead of skipping
/// pixels, so thin features do not vanish or alias.
enum AreaResample {
    /// The source rows (or columns) output index `i` of `outputCount` covers among `count`.
    static func footprint(_ i: Int, of outputCount: Int, source count: Int) -> Range<Int> {
        let start = i * count / outputCount
        let end = max(start + 1, ((i + 1) * count + outputCount - 1) / outputCount)
        return start..<min(end, count)
    }

    /// `plane` (`height * width` values, row by row) at `newHeight x newWidth`.
    static func plane(_ plane: ArraySlice<Float>, height: Int, width: Int, newHeight: Int, newWidth: Int) -> [Float] {
        let base = plane.startIndex
        let columns = (0..<newWidth).map { footprint($0, of: newWidth, source: width) }
        var result = [Float](repeating: 0, count: newHeight * newWidth)
        for y in 0..<newHeight {
            let rows = footprint(y, of: newHeight, source: height)
            for x in 0..<newWidth {
                let span = columns[x]
                if rows.count == 1 && span.count == 1 {
                    result[y * newWidth + x] = plane[base + rows.lowerBound * width + span.lowerBound]
                    continue
                }
                var sum: Float = 0
                for row in rows { for column in span { sum += plane[base + row * width + column] } }
                result[y * newWidth + x] = sum / Float(rows.count * span.count)
            }
        }
        return result
    }

    /// `image` at `newWidth x newHeight`, as RGB bytes (a gray image is repeated in r, g, b).
    static func rgb(_ image: Image, newWidth: Int, newHeight: Int) -> [UInt8] {
        let columns = (0..<newWidth).map { footprint($0, of: newWidth, source: image.width) }
        var result = [UInt8](repeating: 0, count: newHeight * newWidth * 3)
        for y in 0..<newHeight {
            let rows = footprint(y, of: newHeight, source: image.height)
            for x in 0..<newWidth {
                for c in 0..<3 {
                    let channel = image.channels == 1 ? 0 : c
                    var sum = 0
                    for row in rows {
                        for column in columns[x] { sum += Int(image.pixels[(row * image.width + column) * image.channels + channel]) }
                    }
                    let count = rows.count * columns[x].count
                    result[(y * newWidth + x) * 3 + c] = UInt8((sum + count / 2) / count)
                }
            }
        }
        return result
    }
}
