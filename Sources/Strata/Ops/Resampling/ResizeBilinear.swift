import Foundation

/// Bilinear resize of the last two axes (`[N, C, H, W] → [N, C, OH, OW]`, the detection and
/// segmentation heads' upsampling, `half_pixel` or `align_corners` alike) from per-axis
/// tables made at plan time: for each output column its two input columns and weights, for
/// each output row its two input rows and weights. Each needed input row is interpolated
/// along W once into a row buffer (two buffers per thread, reused while consecutive output
/// rows read the same input rows); each output row is then one vector blend of two buffers,
/// `y = wy₀·A + wy₁·B`.
///
/// Exact precondition (``init(tables:geometry:workers:)`` returns nil otherwise): mode
/// linear without antialias, rank >= 2, every axis but the last two the identity, both of
/// those interpolated (two taps), no extrapolation.
struct Bilinear2D: Sendable {
    let planes: Int
    let height: Int, width: Int
    let outHeight: Int, outWidth: Int
    /// `[outHeight]` and `[outWidth]`: the two taps of each output row and column.
    let rows0: [Int], rows1: [Int], rowWeights0: [Float], rowWeights1: [Float]
    let columns0: [Int], columns1: [Int], columnWeights0: [Float], columnWeights1: [Float]
    let shares: Int
    /// The W table is half_pixel x2 (interior columns `2j + 1`, `2j + 2` read `j`, `j + 1`
    /// with weights ¾, ¼ and ¼, ¾): rows are interpolated 4 inputs to 8 outputs at a time.
    let doublesWidth: Bool

    /// Two row buffers of `outWidth` floats per thread.
    var workspaceCount: Int { shares * 2 * outWidth }

    init?(tables: [ResizeAxisTable], geometry: ResizeGeometry, workers: Int) {
        let rank = tables.count
        guard rank >= 2, tables.allSatisfy({ $0.extrapolated.isEmpty }), tables.dropLast(2).allSatisfy(\.isIdentity),
              tables[rank - 2].taps == 2, tables[rank - 1].taps == 2 else { return nil }
        let (h, w) = (tables[rank - 2], tables[rank - 1])
        (height, width, outHeight, outWidth) = (h.inputSize, w.inputSize, h.outputSize, w.outputSize)
        planes = geometry.input.dimensions.dropLast(2).reduce(1, *)
        func split(_ values: [Int]) -> ([Int], [Int]) { (stride(from: 0, to: values.count, by: 2).map { values[$0] }, stride(from: 1, to: values.count, by: 2).map { values[$0] }) }
        func split(_ values: [Float]) -> ([Float], [Float]) { (stride(from: 0, to: values.count, by: 2).map { values[$0] }, stride(from: 1, to: values.count, by: 2).map { values[$0] }) }
        (rows0, rows1) = split(h.indices)
        (rowWeights0, rowWeights1) = split(h.weights)
        (columns0, columns1) = split(w.indices)
        (columnWeights0, columnWeights1) = split(w.weights)
        shares = max(1, min(elementwiseShares(planes * outHeight * outWidth * 2, workers: workers), planes * outHeight))
        doublesWidth = Self.isHalfPixelDouble(columns0, columns1, columnWeights0, columnWeights1, width: width, outWidth: outWidth)
    }

    static func isHalfPixelDouble(_ c0: [Int], _ c1: [Int], _ w0: [Float], _ w1: [Float], width: Int, outWidth: Int) -> Bool {
        guard width >= 2, outWidth == 2 * width else { return false }
        for j in 0..<(width - 1) {
            let (odd, even) = (2 * j + 1, 2 * j + 2)
            guard c0[odd] == j, c1[odd] == j + 1, w0[odd] == 0.75, w1[odd] == 0.25 else { return false }
            guard c0[even] == j, c1[even] == j + 1, w0[even] == 0.25, w1[even] == 0.75 else { return false }
        }
        return true
    }

    func run(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>, workers: Int) {
        let units = planes * outHeight
        parallelFor(shares, workers: workers) { share in
            let (u0, u1) = evenSplit(units, parts: shares, part: share)
            let buffers = workspace + share * 2 * outWidth
            // The input row (plane · height + row) each of the two buffers holds, or -1
            // (plain locals, no captured state: nothing is allocated per run).
            var held0 = -1, held1 = -1
            for unit in u0..<u1 {
                let (plane, row) = unit.quotientAndRemainder(dividingBy: outHeight)
                let a = plane * height + rows0[row], b = plane * height + rows1[row]
                // Keep a buffer that holds a or b; refill the other ones.
                var slotA = held0 == a ? 0 : held1 == a ? 1 : -1
                if slotA < 0 {
                    slotA = held0 == b ? 1 : 0
                    interpolateRow(x + a * width, buffers + slotA * outWidth)
                    if slotA == 0 { held0 = a } else { held1 = a }
                }
                var slotB = held0 == b ? 0 : held1 == b ? 1 : -1
                if slotB < 0 {
                    slotB = 1 - slotA
                    interpolateRow(x + b * width, buffers + slotB * outWidth)
                    if slotB == 0 { held0 = b } else { held1 = b }
                }
                blend(buffers + slotA * outWidth, rowWeights0[row], buffers + slotB * outWidth, rowWeights1[row],
                      into: y + unit * outWidth)
            }
        }
    }

    /// `out[j] = x[c₀[j]]·w₀[j] + x[c₁[j]]·w₁[j]`.
    @inline(__always)
    private func interpolateRow(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        if doublesWidth {
            doubleRow(x, out)
            return
        }
        columns0.withUnsafeBufferPointer { c0 in
            columns1.withUnsafeBufferPointer { c1 in
                columnWeights0.withUnsafeBufferPointer { w0 in
                    columnWeights1.withUnsafeBufferPointer { w1 in
                        for j in 0..<outWidth { out[j] = x[c0[j]] * w0[j] + x[c1[j]] * w1[j] }
                    }
                }
            }
        }
    }

    /// The half_pixel x2 row: `out[2j + 1] = ¾·x[j] + ¼·x[j + 1]`, `out[2j + 2] = ¼·x[j] + ¾·x[j + 1]`
    /// (the same products and sums as the tables give), the two edge columns from the tables.
    @inline(__always)
    private func doubleRow(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        let last = outWidth - 1
        out[0] = x[columns0[0]] * columnWeights0[0] + x[columns1[0]] * columnWeights1[0]
        out[last] = x[columns0[last]] * columnWeights0[last] + x[columns1[last]] * columnWeights1[last]
        let (three, one) = (SIMD4<Float>(repeating: 0.75), SIMD4<Float>(repeating: 0.25))
        var j = 0
        while j + 5 <= width {
            let a = UnsafeRawPointer(x + j).loadUnaligned(as: SIMD4<Float>.self)
            let b = UnsafeRawPointer(x + j + 1).loadUnaligned(as: SIMD4<Float>.self)
            let odd = a * three + b * one, even = a * one + b * three
            storeVector(FloatVector(odd[0], even[0], odd[1], even[1], odd[2], even[2], odd[3], even[3]), to: out + 2 * j + 1)
            j += 4
        }
        while j < width - 1 {
            out[2 * j + 1] = x[j] * 0.75 + x[j + 1] * 0.25
            out[2 * j + 2] = x[j] * 0.25 + x[j + 1] * 0.75
            j += 1
        }
    }

    /// `out = a·wa + b·wb`, 8 lanes at a time.
    @inline(__always)
    private func blend(_ a: UnsafePointer<Float>, _ wa: Float, _ b: UnsafePointer<Float>, _ wb: Float,
                       into out: UnsafeMutablePointer<Float>) {
        let (va, vb) = (FloatVector(repeating: wa), FloatVector(repeating: wb))
        var j = 0
        while j + 8 <= outWidth {
            storeVector(loadVector(a + j) * va + loadVector(b + j) * vb, to: out + j)
            j += 8
        }
        while j < outWidth {
            out[j] = a[j] * wa + b[j] * wb
            j += 1
        }
    }
}
