import Foundation

/// Any linear, cubic or antialiased resize: one pass per resized axis, since the N-D
/// weights are the product of the axes' weights. A pass views its input as
/// `[outer, L, inner]` and writes `[outer, O, inner]`, each output row of `inner` floats a
/// weighted sum of `taps` input rows (vector loops); on the last axis (`inner == 1`) each
/// output is a weighted sum of `taps` elements. Axes that shrink go first, then the ones
/// that grow, innermost first among equals, so the intermediates stay small; they live in
/// two halves of the workspace, the last pass writes the output. Outputs that extrapolate
/// (`tf_crop_and_resize`) get the value in a final sweep, exactly.
struct SeparableResize: Sendable {
    struct Pass: Sendable {
        let table: ResizeAxisTable
        let outer: Int, inner: Int
        /// Where the pass reads and writes: -1 the op's input or output, 0 or 1 a workspace half.
        let source: Int, destination: Int
    }

    let passes: [Pass]
    let half: Int
    /// Per axis with extrapolated outputs: the flags, and the output's outer and inner sizes.
    let fills: [(flags: [Bool], outer: Int, inner: Int)]
    let value: Float
    var workspaceCount: Int { 2 * half }

    init(tables: [ResizeAxisTable], geometry: ResizeGeometry, extrapolationValue: Float) throws {
        let order = tables.indices.filter { !tables[$0].isIdentity }.sorted { a, b in
            let (ra, rb) = (Double(tables[a].outputSize) / Double(tables[a].inputSize),
                            Double(tables[b].outputSize) / Double(tables[b].inputSize))
            return ra != rb ? ra < rb : a > b
        }
        var dims = geometry.input.dimensions
        var passes: [Pass] = [], largest = 0
        for (step, axis) in order.enumerated() {
            let outer = dims[..<axis].reduce(1, *), inner = dims[(axis + 1)...].reduce(1, *)
            dims[axis] = tables[axis].outputSize
            let isLast = step == order.count - 1
            if !isLast { largest = max(largest, try Shape(dims).elementCount) }
            passes.append(Pass(table: tables[axis], outer: outer, inner: inner,
                               source: step == 0 ? -1 : (step - 1) % 2, destination: isLast ? -1 : step % 2))
        }
        self.passes = passes
        half = largest
        let output = geometry.output
        fills = tables.indices.filter { !tables[$0].extrapolated.isEmpty }.map { axis in
            (tables[axis].extrapolated, output.product(0..<axis), output.product((axis + 1)..<output.rank))
        }
        value = extrapolationValue
    }

    func run(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>?, workers: Int) {
        func buffer(_ index: Int) -> UnsafeMutablePointer<Float> { index < 0 ? y : workspace! + index * half }
        for pass in passes {
            run(pass, from: pass.source < 0 ? x : UnsafePointer(buffer(pass.source)), to: buffer(pass.destination), workers: workers)
        }
        for fill in fills {
            let length = fill.flags.count
            for o in 0..<length where fill.flags[o] {
                for outer in 0..<fill.outer {
                    (y + (outer * length + o) * fill.inner).update(repeating: value, count: fill.inner)
                }
            }
        }
    }

    private func run(_ pass: Pass, from x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, workers: Int) {
        let table = pass.table, taps = table.taps
        let (length, resized, inner) = (table.inputSize, table.outputSize, pass.inner)
        let units = pass.outer * resized
        let shares = max(1, min(elementwiseShares(units * inner * taps, workers: workers), units))
        table.indices.withUnsafeBufferPointer { indices in
            table.weights.withUnsafeBufferPointer { weights in
                parallelFor(shares, workers: workers) { share in
                    let (u0, u1) = evenSplit(units, parts: shares, part: share)
                    for unit in u0..<u1 {
                        let (outer, o) = unit.quotientAndRemainder(dividingBy: resized)
                        let source = x + outer * length * inner
                        let tap = o * taps
                        if inner == 1 {
                            var sum: Float = 0
                            for t in 0..<taps { sum += weights[tap + t] * source[indices[tap + t]] }
                            y[unit] = sum
                        } else {
                            combineRows(source, inner: inner, indices: indices.baseAddress! + tap,
                                        weights: weights.baseAddress! + tap, taps: taps, into: y + unit * inner)
                        }
                    }
                }
            }
        }
    }

    /// `out = Σₜ w[t] · row(indices[t])`, rows of `inner` floats, 8 lanes at a time.
    @inline(__always)
    private func combineRows(_ x: UnsafePointer<Float>, inner: Int, indices: UnsafePointer<Int>, weights: UnsafePointer<Float>,
                             taps: Int, into out: UnsafeMutablePointer<Float>) {
        if taps == 2 {
            let (a, b) = (x + indices[0] * inner, x + indices[1] * inner)
            let (wa, wb) = (FloatVector(repeating: weights[0]), FloatVector(repeating: weights[1]))
            var j = 0
            while j + 8 <= inner {
                storeVector(loadVector(a + j) * wa + loadVector(b + j) * wb, to: out + j)
                j += 8
            }
            while j < inner { out[j] = a[j] * weights[0] + b[j] * weights[1]; j += 1 }
            return
        }
        var j = 0
        while j < inner {
            let count = min(8, inner - j)
            var sum = FloatVector()
            for t in 0..<taps {
                sum += loadVector(x + indices[t] * inner + j, count: count) * FloatVector(repeating: weights[t])
            }
            storeVector(sum, to: out + j, count: count)
            j += 8
        }
    }
}
