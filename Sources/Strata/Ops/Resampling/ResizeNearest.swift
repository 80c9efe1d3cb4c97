import Foundation

/// Nearest-neighbour resize of any rank: a gather through one offset table per axis
/// (`input index · input stride`, worked out at plan time). Output rows (the last axis)
/// are split over threads; a row whose source row is the one the previous row copied (an
/// axis upsampled by nearest) is a copy of that output row.
struct NearestGather: Sendable {
    let outputDimensions: [Int]
    /// Per axis: the input offset each output index reads; `extrapolated` as in the tables.
    let offsets: [[Int]]
    let extrapolated: [[Bool]]
    let value: Float
    let rows: Int, rowLength: Int

    init(tables: [ResizeAxisTable], geometry: ResizeGeometry, extrapolationValue: Float) {
        let strides = geometry.input.strides
        outputDimensions = geometry.output.dimensions
        offsets = tables.indices.map { axis in tables[axis].indices.map { $0 * strides[axis] } }
        extrapolated = tables.map(\.extrapolated)
        value = extrapolationValue
        rowLength = outputDimensions.last!
        rows = outputDimensions.dropLast().reduce(1, *)
    }

    func run(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workers: Int) {
        let shares = max(1, min(elementwiseShares(rows * rowLength, workers: workers), rows))
        let last = offsets.count - 1
        parallelFor(shares, workers: workers) { share in
            let (r0, r1) = evenSplit(rows, parts: shares, part: share)
            guard r0 < r1 else { return }
            // The output index of row r0 on each outer axis (at most 7), then advanced like an odometer.
            var index = SIMD8<Int>()
            var rest = r0
            for axis in stride(from: last - 1, through: 0, by: -1) {
                (rest, index[axis]) = rest.quotientAndRemainder(dividingBy: outputDimensions[axis])
            }
            var previousSource = -1
            for row in r0..<r1 {
                let out = y + row * rowLength
                var source = 0, outside = false
                for axis in 0..<last {
                    source += offsets[axis][index[axis]]
                    if !extrapolated[axis].isEmpty && extrapolated[axis][index[axis]] { outside = true }
                }
                if outside {
                    out.update(repeating: value, count: rowLength)
                    previousSource = -1
                } else if source == previousSource {
                    out.update(from: out - rowLength, count: rowLength)
                } else {
                    gatherRow(x + source, out)
                    previousSource = source
                }
                for axis in stride(from: last - 1, through: 0, by: -1) {
                    index[axis] += 1
                    if index[axis] < outputDimensions[axis] { break }
                    index[axis] = 0
                }
            }
        }
    }

    @inline(__always)
    private func gatherRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        offsets[offsets.count - 1].withUnsafeBufferPointer { table in
            for j in 0..<rowLength { y[j] = x[table[j]] }
        }
        let flags = extrapolated[extrapolated.count - 1]
        if !flags.isEmpty {
            for j in 0..<rowLength where flags[j] { y[j] = value }
        }
    }
}

/// Nearest-neighbour upsampling of the last two axes by whole factors, the feature-pyramid
/// case (`[N, C, H, W] → [N, C, 2H, 2W]`): each input row is widened once (every element
/// written `factorW` times with vector stores; for 2, a lane shuffle of 4 inputs into 8
/// outputs) and the widened row is copied `factorH` times. No index arithmetic per element.
///
/// Exact precondition (``init(tables:geometry:)`` returns nil otherwise): rank >= 2, every
/// other axis the identity, no extrapolation, and on the last two axes `O = f·L` with output
/// index `o` reading input index `o / f`. That holds for factor-2 nearest under
/// `asymmetric` + `floor` (PyTorch's export) and `half_pixel` + `round_prefer_floor`
/// (the ONNX default), among others; the tables decide, not the mode names.
struct NearestReplication: Sendable {
    let planes: Int
    let height: Int, width: Int
    let factorH: Int, factorW: Int

    init?(tables: [ResizeAxisTable], geometry: ResizeGeometry) {
        let rank = tables.count
        guard rank >= 2, tables.allSatisfy({ $0.extrapolated.isEmpty }),
              tables.dropLast(2).allSatisfy(\.isIdentity) else { return nil }
        func factor(_ table: ResizeAxisTable) -> Int? {
            guard table.inputSize > 0, table.outputSize % table.inputSize == 0, table.taps == 1 else { return nil }
            let f = table.outputSize / table.inputSize
            return table.indices.enumerated().allSatisfy { $0.element == $0.offset / f } ? f : nil
        }
        guard let fh = factor(tables[rank - 2]), let fw = factor(tables[rank - 1]) else { return nil }
        (height, width, factorH, factorW) = (geometry.input[rank - 2], geometry.input[rank - 1], fh, fw)
        planes = geometry.input.dimensions.dropLast(2).reduce(1, *)
    }

    func run(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workers: Int) {
        let rows = planes * height, outWidth = width * factorW
        let shares = max(1, min(elementwiseShares(rows * outWidth * factorH, workers: workers), rows))
        parallelFor(shares, workers: workers) { share in
            let (r0, r1) = evenSplit(rows, parts: shares, part: share)
            for row in r0..<r1 {
                let out = y + row * factorH * outWidth
                widen(x + row * width, out)
                for copy in 1..<max(factorH, 1) { (out + copy * outWidth).update(from: out, count: outWidth) }
            }
        }
    }

    /// `out[j·f + k] = x[j]` for `k < f`.
    @inline(__always)
    private func widen(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        var j = 0
        switch factorW {
        case 1:
            out.update(from: x, count: width)
            return
        case 2:
            while j + 4 <= width {
                let v = UnsafeRawPointer(x + j).loadUnaligned(as: SIMD4<Float>.self)
                storeVector(FloatVector(v[0], v[0], v[1], v[1], v[2], v[2], v[3], v[3]), to: out + 2 * j)
                j += 4
            }
        default:
            while j < width {
                let v = FloatVector(repeating: x[j]), o = out + j * factorW
                var k = 0
                while k + 8 <= factorW { storeVector(v, to: o + k); k += 8 }
                while k < factorW { o[k] = x[j]; k += 1 }
                j += 1
            }
        }
        while j < width {
            for k in 0..<factorW { out[j * factorW + k] = x[j] }
            j += 1
        }
    }
}
