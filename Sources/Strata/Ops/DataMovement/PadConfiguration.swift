/// Padding of any axes of a tensor of rank 1 to 8, as ONNX `Pad` (opsets 2-21) defines it
/// and onnxruntime computes it: a negative amount first crops that side (slicing), then
/// each axis is extended on both sides by `mode`:
///
/// - `constant`: the new elements are `value`;
/// - `reflect`: mirrored about the first and last kept element, which are not repeated
///   (numpy `reflect`): `[1, 2, 3]` padded by 2 on the left is `[3, 2, 1, 2, 3]`;
/// - `edge`: the first or last kept element repeated;
/// - `wrap`: the kept elements repeated cyclically (opset 19; any amount).
///
/// Per axis, with `b`/`e` the begin and end amounts and `kept = size − max(0, −b) −
/// max(0, −e)`, the output size is `size + b + e`. onnxruntime's limits apply: reflect
/// needs `kept >= 2` and amounts `<= kept − 1`; edge and wrap need `kept >= 1` where they
/// pad.
public enum PadMode: String, Sendable, Hashable, CaseIterable {
    /// The four ONNX Pad modes, spelled as the `mode` attribute.
    case constant, reflect, edge, wrap
}

/// What ``PadOp`` does: per-axis begin and end amounts (negative crops), a mode, and the
/// constant fill value.
public struct PadConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// Elements added before each axis's first element (negative: cropped), one per axis.
    public var begins: [Int]
    /// Elements added after each axis's last element (negative: cropped), one per axis.
    public var ends: [Int]
    /// How the new elements are filled.
    public var mode: PadMode
    /// The fill value of `constant` mode (ONNX `constant_value`, default 0).
    public var value: Float

    /// A configuration (ONNX `pads` is all begins then all ends); checked against the input
    /// shape when the node is added.
    public init(begins: [Int], ends: [Int], mode: PadMode = .constant, value: Float = 0) {
        (self.begins, self.ends, self.mode, self.value) = (begins, ends, mode, value)
    }

    /// Constant padding of the spatial axes of `[N, C, H, W]`.
    public init(spatial padding: Padding2D, value: Float = 0) {
        self.init(begins: [0, 0, padding.top, padding.left], ends: [0, 0, padding.bottom, padding.right], value: value)
    }

    public var description: String { "\(mode) begins \(begins) ends \(ends)" + (mode == .constant ? " value \(value)" : "") }

    /// The padded shape. Throws when the amounts do not match the rank, crop more than an
    /// axis has, or break the mode's limits (see ``PadMode``).
    public func outputShape(input: Shape) throws -> Shape {
        guard begins.count == input.rank, ends.count == input.rank, input.rank >= 1 else {
            throw StrataError.invalidArgument(
                "pad amounts begins \(begins), ends \(ends) do not fit input \(input); expected \(input.rank) of each (rank >= 1)")
        }
        if let huge = (begins + ends).first(where: { $0.magnitude > UInt(Int32.max) }) {
            throw StrataError.invalidArgument("pad amount \(huge) is larger in magnitude than \(Int32.max)")
        }
        var dims: [Int] = []
        for axis in 0..<input.rank {
            let (b, e, size) = (begins[axis], ends[axis], input[axis])
            let kept = size - max(0, -b) - max(0, -e)
            guard kept >= 0 else {
                throw StrataError.invalidArgument("pads \(b) and \(e) on axis \(axis) crop more than its size \(size) (input \(input))")
            }
            let grows = b > 0 || e > 0
            switch mode {
            case .constant: break
            case .reflect where grows:
                guard kept >= 2, max(b, e) <= kept - 1 else {
                    throw StrataError.invalidArgument(
                        "reflect padding of \(max(b, e)) on axis \(axis) needs at least \(max(b, e) + 1) kept elements and at least 2; it has \(kept) (input \(input))")
                }
            case .edge where grows, .wrap where grows:
                guard kept >= 1 else {
                    throw StrataError.invalidArgument("\(mode) padding on axis \(axis) needs at least one kept element; input \(input) has none")
                }
            default: break
            }
            dims.append(size + b + e)   // >= kept >= 0, and no overflow: the amounts are below 2^31
        }
        return try Shape(dims)
    }

    /// For output index `i` on an axis of input size `size`, the input index it copies, or
    /// -1 for the constant value.
    func source(_ i: Int, axis: Int, size: Int) -> Int {
        let (b, e) = (begins[axis], ends[axis])
        let (low, high) = (max(0, -b), size - max(0, -e))   // kept range [low, high)
        let s = i - b
        if s >= low && s < high { return s }
        let kept = high - low
        switch mode {
        case .constant: return -1
        case .edge: return s < low ? low : high - 1
        case .wrap: return low + ((s - low) % kept + kept) % kept
        case .reflect:
            let period = 2 * (kept - 1)
            var r = ((s - low) % period + period) % period
            if r >= kept { r = period - r }
            return low + r
        }
    }
}
