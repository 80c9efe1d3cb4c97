/// ONNX ArgMax and ArgMin (opsets 1, 11, 12, 13): the index of the largest (smallest)
/// element along one axis, the axis kept as a 1 (`keepDims`, the default) or dropped. On
/// ties the first index wins, or the last with `selectLastIndex` (opset 12).
///
/// ONNX gives the indices as INT64; Strata holds them as float32 like every tensor, which is
/// exact up to 2^24, so an axis longer than that is refused. `strata run` writes them as
/// int64 (see ``IntegerValuedOp``).
///
/// NaN follows onnxruntime (1.32, probed; numpy differs and returns the first NaN): the
/// scan starts from the first element and moves to element k when `x[k] > best` (`>=` for
/// the last index; `<`, `<=` for ArgMin). A NaN is never greater or smaller, so a NaN
/// first element stays the answer and a later NaN is passed over: ArgMax of
/// `[NaN, 1, 2]` is 0, of `[1, NaN, 2]` is 2.
public enum ArgMaxKind: String, Sendable, Hashable, CaseIterable {
    /// Index of the largest (ArgMax) or the smallest (ArgMin) element.
    case max, min

    /// "ArgMax" or "ArgMin".
    public var onnxName: String { self == .max ? "ArgMax" : "ArgMin" }
}

/// One ArgMax or ArgMin, as described at ``ArgMaxKind``.
public struct ArgMaxConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// ArgMax or ArgMin.
    public let kind: ArgMaxKind
    /// The axis as given (negative counts from the end).
    public let axis: Int
    /// Keep the reduced axis as a 1 (ONNX `keepdims`, default true).
    public let keepDims: Bool
    /// On ties, the last index wins instead of the first (ONNX `select_last_index`, opset 12).
    public let selectLastIndex: Bool

    /// The longest axis whose indices float32 holds exactly.
    public static let maximumAxisSize = 1 << 24

    /// A configuration with ONNX's defaults; the axis is checked against the input's rank later.
    public init(_ kind: ArgMaxKind, axis: Int, keepDims: Bool = true, selectLastIndex: Bool = false) {
        (self.kind, self.axis, self.keepDims, self.selectLastIndex) = (kind, axis, keepDims, selectLastIndex)
    }

    public var description: String {
        "\(kind.onnxName) axis \(axis)\(keepDims ? "" : " dropped")\(selectLastIndex ? " last index" : "")"
    }

    /// The input's shape with `axis` as 1 or dropped. Throws for a scalar, an axis out of
    /// range, an axis of size 0 (no element to pick; onnxruntime fails too) unless the
    /// output is empty anyway, and an axis longer than ``maximumAxisSize``.
    public func outputShape(input: Shape) throws -> Shape {
        try expectNotScalar(input, name: "\(kind.onnxName.lowercased()) input", ", an axis to search along")
        let resolved = try input.resolve(axis: axis, "\(kind.onnxName.lowercased()) axis")
        let output = try input.reduced(axes: [resolved], keepDims: keepDims)
        if input[resolved] == 0 && !output.isEmpty {
            throw StrataError.invalidShape("\(kind.onnxName) along axis \(resolved) of \(input): the axis is empty, so there is no element to pick; expected a size >= 1")
        }
        guard input[resolved] <= Self.maximumAxisSize else {
            throw StrataError.invalidShape("\(kind.onnxName) along axis \(resolved) of \(input): an index above 2^24 is not exact in float32; expected at most \(Self.maximumAxisSize) elements on the axis")
        }
        return output
    }
}
