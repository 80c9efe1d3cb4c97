import Foundation

/// The reduction as three nested loops `[outer, reduced, inner]` where that fits (the
/// reduced axes are neighbours, as in global pooling's `[2, 3]` or a LayerNorm's last
/// axis), else one loop per output over the reduced axes' offsets.
struct ReducePlanData: Sendable {
    let configuration: ReduceConfiguration
    let input: Shape
    let outputCount: Int
    /// Sizes when the reduced axes are contiguous in memory order.
    let outer: Int, reduced: Int, inner: Int
    let contiguous: Bool
    /// For the general case: offsets of every reduced element relative to the first, and
    /// the input offset of each output element's first reduced element.
    let reducedOffsets: [Int]
    let outputOffsets: [Int]

    init(_ configuration: ReduceConfiguration, input: Shape) throws {
        self.configuration = configuration
        self.input = input
        outputCount = try configuration.outputShape(input: input).elementCount
        let axes = configuration.axes
        contiguous = axes.isEmpty || axes == Array(axes[0]...axes[axes.count - 1])
        let first = axes.first ?? 0, last = axes.last ?? -1
        outer = try input.checkedProduct(0..<first, "reduce: the sizes before the reduced axes")
        reduced = try input.checkedProduct(axes, "reduce: the reduced sizes")
        inner = try input.checkedProduct((last + 1)..<input.rank, "reduce: the sizes after the reduced axes")
        if contiguous {
            (reducedOffsets, outputOffsets) = ([], [])
        } else {
            let strides = input.strides
            func offsets(of axesList: [Int]) -> [Int] {
                var result = [0]
                for axis in axesList {
                    result = result.flatMap { base in (0..<input[axis]).map { base + $0 * strides[axis] } }
                }
                return result
            }
            reducedOffsets = offsets(of: axes)
            outputOffsets = offsets(of: input.dimensions.indices.filter { !axes.contains($0) })
        }
    }
}

/// Reduces `input` into `output` (`plan.outputCount` floats), splitting the outputs over
/// `workers`.
func reduce(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, plan: ReducePlanData, workers: Int) {
    let kind = plan.configuration.kind
    let work = plan.outputCount * max(plan.reduced, 1)
    let shares = max(1, min(elementwiseShares(work, workers: workers), plan.outputCount))
    parallelFor(shares, workers: workers) { share in
        let (o0, o1) = evenSplit(plan.outputCount, parts: shares, part: share)
        if plan.contiguous && plan.inner == 1 {
            // Each output reduces one contiguous run.
            for o in o0..<o1 { output[o] = reduceRun(input + o * plan.reduced, count: plan.reduced, stride: 1, kind) }
        } else if plan.contiguous {
            for o in o0..<o1 {
                let (outerIndex, innerIndex) = o.quotientAndRemainder(dividingBy: plan.inner)
                output[o] = reduceRun(input + outerIndex * plan.reduced * plan.inner + innerIndex,
                                      count: plan.reduced, stride: plan.inner, kind)
            }
        } else {
            for o in o0..<o1 {
                let base = input + plan.outputOffsets[o]
                var accumulator = ReduceAccumulator(kind)
                for offset in plan.reducedOffsets { accumulator.add(base[offset]) }
                output[o] = accumulator.result(count: plan.reduced)
            }
        }
    }
}

/// One reduction over `count` elements `stride` apart.
@inline(__always)
private func reduceRun(_ x: UnsafePointer<Float>, count: Int, stride: Int, _ kind: ReduceKind) -> Float {
    if kind == .logSumExp {
        // Shifted by the maximum so e^x cannot overflow (and −∞ rows stay −∞).
        var peak = -Float.infinity
        for i in 0..<count { peak = Swift.max(peak, x[i * stride]) }
        guard peak.isFinite else {
            var accumulator = ReduceAccumulator(.logSumExp)
            for i in 0..<count { accumulator.add(x[i * stride]) }
            return accumulator.result(count: count)
        }
        var sum: Double = 0
        for i in 0..<count { sum += Double(exp(x[i * stride] - peak)) }
        return Float(log(sum)) + peak
    }
    var accumulator = ReduceAccumulator(kind)
    if stride == 1 {
        for i in 0..<count { accumulator.add(x[i]) }
    } else {
        for i in 0..<count { accumulator.add(x[i * stride]) }
    }
    return accumulator.result(count: count)
}

/// A running reduction, accumulating sums in Double so long reductions stay accurate.
struct ReduceAccumulator {
    let kind: ReduceKind
    var sum: Double
    var extreme: Float

    init(_ kind: ReduceKind) {
        self.kind = kind
        sum = kind == .prod ? 1 : 0
        extreme = kind == .min ? .infinity : -.infinity
    }

    @inline(__always)
    mutating func add(_ x: Float) {
        switch kind {
        case .sum, .mean, .logSum: sum += Double(x)
        case .prod: sum *= Double(x)
        case .l1: sum += Double(abs(x))
        case .l2, .sumSquare: sum += Double(x) * Double(x)
        case .logSumExp: sum += exp(Double(x))
        // NaN wins, as in onnxruntime's max and min.
        case .max: extreme = x.isNaN || extreme.isNaN ? .nan : Swift.max(extreme, x)
        case .min: extreme = x.isNaN || extreme.isNaN ? .nan : Swift.min(extreme, x)
        }
    }

    func result(count: Int) -> Float {
        switch kind {
        case .sum, .prod, .l1, .sumSquare: Float(sum)
        case .mean: Float(sum / Double(count))
        case .l2: Float(sum.squareRoot())
        case .logSum, .logSumExp: Float(log(sum))
        case .max, .min: extreme
        }
    }
}
