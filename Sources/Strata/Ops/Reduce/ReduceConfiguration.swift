/// ONNX's reductions over any set of axes of a rank 0-8 tensor (ReduceSum, ReduceMean,
/// ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceLogSum, ReduceLogSumExp,
/// ReduceSumSquare). The output keeps the reduced axes as 1s (`keepdims`, the default) or
/// drops them.
///
/// Over an empty set each gives the spec's identity (onnx/backend/test/case/node
/// `reduce_*_empty_set`): 0 for sum, L1, L2 and sum of squares, 1 for prod, −∞ for max,
/// log-sum and log-sum-exp, +∞ for min, and NaN for mean (0/0, as numpy and onnxruntime).
public enum ReduceKind: String, Sendable, Hashable, CaseIterable {
    /// ReduceSum `Σx`, ReduceMean `Σx / n`, ReduceMax, ReduceMin, ReduceProd `Πx`, ReduceL1
    /// `Σ|x|`, ReduceL2 `sqrt(Σx²)`, ReduceLogSum `log(Σx)`, ReduceLogSumExp `log(Σe^x)`
    /// (computed as `m + log(Σe^(x−m))` with `m` the maximum, so it does not overflow),
    /// ReduceSumSquare `Σx²`.
    case sum, mean, max, min, prod, l1, l2, logSum, logSumExp, sumSquare

    /// The ONNX op type, `ReduceSum` for `.sum`.
    public var onnxName: String {
        switch self {
        case .l1: "ReduceL1"
        case .l2: "ReduceL2"
        default: "Reduce" + rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }
}

/// What a reduction does: its kind, the reduced axes (resolved, ascending, no repeats) and
/// whether they stay as 1s.
public struct ReduceConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// Which reduction.
    public let kind: ReduceKind
    /// The reduced axes: non-negative, ascending, each once; every axis for an empty `axes`.
    public let axes: [Int]
    /// Whether reduced axes stay in the output as 1s (ONNX `keepdims`, default true).
    public let keepDims: Bool

    /// `axes` may be negative (from the end); empty reduces every axis. Throws for an axis
    /// out of range or named twice.
    public init(_ kind: ReduceKind, axes: [Int], keepDims: Bool = true, rank: Int) throws {
        let resolved = try axes.map { try Shape.resolve(axis: $0, rank: rank) }
        guard Set(resolved).count == resolved.count else {
            throw StrataError.invalidArgument("reduce axes \(axes) name an axis twice")
        }
        self.kind = kind
        self.axes = resolved.isEmpty ? Array(0..<rank) : resolved.sorted()
        self.keepDims = keepDims
    }

    public var description: String { "\(kind.onnxName) axes \(axes)\(keepDims ? "" : " dropped")" }

    /// The output shape for `input`: reduced axes become 1, or are dropped without `keepDims`.
    /// - Throws: ``StrataError`` when an axis is not below the input's rank.
    public func outputShape(input: Shape) throws -> Shape {
        guard axes.allSatisfy({ $0 < input.rank }) else {
            throw StrataError.invalidArgument("reduce axes \(axes) do not fit input \(input) of rank \(input.rank)")
        }
        return try input.reduced(axes: axes, keepDims: keepDims)
    }
}

extension Shape {
    /// This shape with `axes` (counted from the start) kept as 1s or dropped: the output
    /// of a reduction over them (Reduce*, ArgMax/ArgMin).
    func reduced(axes: [Int], keepDims: Bool) throws -> Shape {
        try Shape(dimensions.indices.compactMap { axis -> Int? in
            axes.contains(axis) ? (keepDims ? 1 : nil) : dimensions[axis]
        })
    }
}
