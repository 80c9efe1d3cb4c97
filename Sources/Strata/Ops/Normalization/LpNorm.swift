/// Lp normalization along one axis of a rank 1-8 tensor (ONNX LpNormalization-1/22,
/// `torch.nn.functional.normalize` without its epsilon):
///
///     y = x / ‖x‖_p  along `axis`, p = 1 (Σ|x|) or 2 (√Σx²)
///
/// A zero norm gives 0 (onnx's reference and onnxruntime: `where(norm == 0, 0, x / norm)`).
/// Infinite entries of a vector (no NaN) count as equally large: each gives ±1/m^(1/p)
/// for m of them, the finite ones ±0 (the limit; onnxruntime gives NaN from ∞/∞).
public struct LpNormConfiguration: Hashable, Sendable {
    /// The normalized axis; may be negative (from the end).
    public let axis: Int
    /// The norm: 1 (sum of absolute values) or 2 (Euclidean).
    public let p: Int

    /// A configuration with ONNX's defaults (last axis, p = 2).
    /// - Throws: ``StrataError`` when `p` is not 1 or 2 (the only values ONNX defines).
    public init(axis: Int = -1, p: Int = 2) throws {
        guard p == 1 || p == 2 else { throw StrataError.invalidArgument("LpNormalization p must be 1 or 2, got \(p)") }
        (self.axis, self.p) = (axis, p)
    }

    /// The input shape, unchanged.
    /// - Throws: ``StrataError`` for a scalar or an axis out of range.
    public func outputShape(input: Shape) throws -> Shape {
        try expectNotScalar(input, name: "LpNormalization input", " with an axis to normalize along")
        _ = try input.resolve(axis: axis, "LpNormalization axis")
        return input
    }

    /// `[outer, length, inner]`: the axes before the normalized one, its size, the axes after.
    func layout(_ shape: Shape) -> (outer: Int, length: Int, inner: Int) {
        let (outer, size, inner) = shape.split(around: axis)
        return (outer, size, inner)
    }
}

/// Lp normalization on raw buffers (see ``LpNormConfiguration``). The input is viewed as
/// `[outer, length, inner]`; 8 neighbouring vectors (8 inner positions, or 8-lane blocks
/// of one contiguous vector when inner = 1) are summed in Float lanes, then scaled by
/// 1/norm. A vector whose sum is outside [1e-30, FLT_MAX] (x² overflowed or underflowed,
/// an infinity, a NaN, a zero) is redone in Double.
/// - Parameters: x, y: `shape`; `y` may be `x`.
public func lpNorm(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape,
    configuration: LpNormConfiguration, workers: Int
) {
    guard !shape.isEmpty else { return }
    let (outer, length, inner) = configuration.layout(shape)
    let p = configuration.p
    // Work units: one contiguous vector (inner = 1), or 8 inner positions of one outer index.
    let groups = inner == 1 ? 1 : (inner + 7) / 8
    let units = outer * groups
    let shares = min(units, elementwiseShares(2 * shape.elementCount, workers: workers))
    parallelFor(shares, workers: workers) { share in
        let (u0, u1) = evenSplit(units, parts: shares, part: share)
        for unit in u0..<u1 {
            if inner == 1 {
                let (x, y) = (input + unit * length, output + unit * length)
                var total = 0.0
                var i = 0
                while i < length {
                    let blockEnd = min(length, i + 2048)
                    var partial = FloatVector()
                    while i < blockEnd {
                        let v = loadVector(x + i, count: blockEnd - i)
                        partial += p == 1 ? abs(v) : v * v
                        i += 8
                    }
                    total += Double(partial.sum())
                }
                guard total >= 1e-30 && total <= Double(Float.greatestFiniteMagnitude) else {
                    lpNormInDouble(x, y, length: length, stride: 1, p: p)
                    continue
                }
                let factor = Float(1 / (p == 1 ? total : total.squareRoot()))
                mapVectors(x, y, count: length, Scaled(factor: factor))
            } else {
                let (o, group) = unit.quotientAndRemainder(dividingBy: groups)
                let j = group * 8
                let count = min(8, inner - j)
                let (x, y) = (input + o * length * inner + j, output + o * length * inner + j)
                var sum = FloatVector()
                for a in 0..<length {
                    let v = loadVector(x + a * inner, count: count)
                    sum += p == 1 ? abs(v) : v * v
                }
                let padded = sum.replacing(with: 1, where: FloatVector.Scalar(count) .<= laneIndices)
                guard all((padded .>= 1e-30) .& (padded .<= .greatestFiniteMagnitude)) else {
                    for lane in 0..<count { lpNormInDouble(x + lane, y + lane, length: length, stride: inner, p: p) }
                    continue
                }
                let factors = 1 / (p == 1 ? padded : padded.squareRoot())
                for a in 0..<length {
                    storeVector(loadVector(x + a * inner, count: count) * factors, to: y + a * inner, count: count)
                }
            }
        }
    }
}

private let laneIndices = FloatVector(0, 1, 2, 3, 4, 5, 6, 7)

private struct Scaled: VectorFunction {
    let factor: Float
    @inline(__always) func callAsFunction(_ x: FloatVector) -> FloatVector { x * factor }
}

private func abs(_ v: FloatVector) -> FloatVector { v.replacing(with: -v, where: v .< 0) }

/// One vector `x[0], x[stride], ...` normalized in Double, with the zero and infinity rules.
private func lpNormInDouble(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, length: Int, stride: Int, p: Int) {
    var (total, infinities, hasNaN) = (0.0, 0, false)
    for a in 0..<length {
        let v = Double(x[a * stride])
        if v.isNaN { hasNaN = true } else if v.isInfinite { infinities += 1 }
        total += p == 1 ? Swift.abs(v) : v * v
    }
    let norm = p == 1 ? total : total.squareRoot()
    for a in 0..<length {
        let v = Double(x[a * stride])
        let value: Double
        if hasNaN { value = .nan } else if infinities > 0 {
            let share = p == 1 ? Double(infinities) : Double(infinities).squareRoot()
            value = v.isInfinite ? (v < 0 ? -1 : 1) / share : (v < 0 || (v == 0 && v.sign == .minus) ? -0.0 : 0)
        } else {
            value = norm == 0 ? 0 : v / norm
        }
        y[a * stride] = Float(value)
    }
}
