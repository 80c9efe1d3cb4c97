/// Mean-variance normalization over a set of axes of a rank 1-8 tensor (ONNX
/// MeanVarianceNormalization-9/13):
///
///     y = (x − E[x]) / (√E[(x − E[x])²] + 1e-9)
///
/// with the expectations over `axes` (default [0, 2, 3]: per channel of an NCHW batch). The
/// 1e-9 is the spec's function body; onnxruntime leaves it out, so a constant slice gives 0
/// here and NaN (0/0) there; elsewhere the two differ by about 1e-9 relative.
public struct MeanVarianceNormConfiguration: Hashable, Sendable {
    /// The reduced axes as given (may be negative).
    public let axes: [Int]
    /// The spec's 1e-9, added to the standard deviation (not the variance).
    public static let epsilon = 1e-9

    /// A configuration; the axes are checked against the input's rank when it is known.
    public init(axes: [Int] = [0, 2, 3]) { self.axes = axes }

    /// The axes resolved against `rank`, ascending; throws for one out of range or repeated.
    public func resolvedAxes(rank: Int) throws -> [Int] {
        let resolved = try axes.map { try Shape.resolve(axis: $0, rank: rank, "MeanVarianceNormalization axis") }
        guard Set(resolved).count == resolved.count else {
            throw StrataError.invalidArgument("MeanVarianceNormalization axes \(axes) name an axis twice")
        }
        return resolved.sorted()
    }

    /// The input shape, unchanged.
    /// - Throws: ``StrataError`` for a scalar, or an axis out of range or repeated.
    public func outputShape(input: Shape) throws -> Shape {
        try expectNotScalar(input, name: "MeanVarianceNormalization input", " with axes to normalize over")
        _ = try resolvedAxes(rank: input.rank)
        return input
    }
}

/// The memory layout of one MVN problem, worked out at plan time: each kept index (a slice
/// to normalize) starts at `sliceStarts[k]` and holds the runs `sliceStart + runStarts[r]`
/// of `runLength` contiguous floats.
public struct MeanVarianceLayout: Sendable {
    /// Offset of each slice's first element, one per combination of the kept axes.
    public let sliceStarts: [Int]
    /// Offsets, relative to a slice start, of the contiguous runs that make up one slice.
    public let runStarts: [Int]
    /// Floats per run: the product of the trailing reduced axes (1 when the last axis is kept).
    public let runLength: Int

    /// `axes`: resolved, ascending.
    public init(shape: Shape, axes: [Int]) {
        // Merge neighbouring axes of the same kind (reduced or kept), innermost last.
        var groups: [(size: Int, reduced: Bool)] = []
        for axis in 0..<shape.rank where shape[axis] != 1 {
            let reduced = axes.contains(axis)
            if let last = groups.last, last.reduced == reduced {
                groups[groups.count - 1].size *= shape[axis]
            } else {
                groups.append((shape[axis], reduced))
            }
        }
        runLength = groups.last?.reduced == true ? groups.removeLast().size : 1
        // Strides of the remaining groups (a run is the innermost stride unit when reduced).
        var strides = [Int](repeating: 0, count: groups.count)
        var stride = runLength
        for g in groups.indices.reversed() {
            strides[g] = stride
            stride *= groups[g].size
        }
        func offsets(reduced: Bool) -> [Int] {
            var result = [0]
            for g in groups.indices where groups[g].reduced == reduced {
                result = result.flatMap { base in (0..<groups[g].size).map { base + $0 * strides[g] } }
            }
            return result
        }
        sliceStarts = offsets(reduced: false)
        runStarts = offsets(reduced: true)
    }
}

/// MVN on raw buffers: each slice (split over `workers`) takes its mean as a float center,
/// then the Double sums of d = x − center and d² in 8 float lanes per 2048 values, and
/// writes (d − Σd/n) / (σ + 1e-9).
/// - Parameters: x, y: the planned shape; `y` must not be `x`.
public func meanVarianceNorm(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, layout: MeanVarianceLayout, workers: Int
) {
    let (slices, runLength) = (layout.sliceStarts.count, layout.runLength)
    let count = layout.runStarts.count * runLength
    guard count > 0 else { return }
    let shares = min(slices, elementwiseShares(3 * slices * count, workers: workers))
    parallelFor(shares, workers: workers) { share in
        let (k0, k1) = evenSplit(slices, parts: shares, part: share)
        for k in k0..<k1 {
            let base = input + layout.sliceStarts[k]
            var sum = 0.0
            for run in layout.runStarts { sum += blockSums(base + run, count: runLength, center: 0).deviations }
            let center = Float(sum / Double(count))
            var (deviations, squares) = (0.0, 0.0)
            for run in layout.runStarts {
                let sums = blockSums(base + run, count: runLength, center: center)
                deviations += sums.deviations
                squares += sums.squares
            }
            let n = Double(count)
            let residue = deviations / n
            let deviation = max(0, squares / n - residue * residue).squareRoot()
            let factor = 1 / (deviation + MeanVarianceNormConfiguration.epsilon)
            let (centers, factors) = (FloatVector(repeating: center), FloatVector(repeating: Float(factor)))
            let shifts = FloatVector(repeating: Float(-residue * factor))
            for run in layout.runStarts {
                let (x, y) = (base + run, output + layout.sliceStarts[k] + run)
                var i = 0
                while i < runLength {
                    let lanes = min(8, runLength - i)
                    storeVector((loadVector(x + i, count: lanes) - centers) * factors + shifts, to: y + i, count: lanes)
                    i += 8
                }
            }
        }
    }
}

/// Σ(x − center) and Σ(x − center)² over `count` floats, in 8 float lanes flushed to
/// Double every 2048 values.
@inline(__always)
private func blockSums(_ x: UnsafePointer<Float>, count: Int, center: Float) -> (deviations: Double, squares: Double) {
    let centers = FloatVector(repeating: center)
    var (deviationSum, squareSum) = (0.0, 0.0)
    var i = 0
    while i < count {
        let blockEnd = min(count, i + 2048)
        var (deviations, squares) = (FloatVector(), FloatVector())
        while i < blockEnd {
            let lanes = min(8, blockEnd - i)
            // Padded lanes hold `center`, so they add 0.
            let d = loadVector(x + i, count: lanes, padding: center) - centers
            deviations += d
            squares += d * d
            i += 8
        }
        deviationSum += Double(deviations.sum())
        squareSum += Double(squares.sum())
    }
    return (deviationSum, squareSum)
}
