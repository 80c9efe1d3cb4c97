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
    case constant, reflect, edge, wrap
}

/// What ``PadOp`` does: per-axis begin and end amounts (negative crops), a mode, and the
/// constant fill value.
public struct PadConfiguration: Hashable, Sendable, CustomStringConvertible {
    public var begins: [Int]
    public var ends: [Int]
    public var mode: PadMode
    public var value: Float

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
            let (sum, overflow) = size.addingReportingOverflow(b &+ e)
            guard !overflow, sum >= 0 else { throw StrataError.invalidArgument("pads \(b), \(e) on axis \(axis) give a negative size") }
            dims.append(sum)
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

/// A pad planned for one input shape: per axis, the input index (or -1) of every output
/// index, so a run only walks tables.
struct PadTables: Sendable {
    let input: Shape
    let output: Shape
    let configuration: PadConfiguration
    /// `sources[axis][i]`: input index for output index i on that axis, or -1.
    let sources: [[Int]]

    init(configuration: PadConfiguration, input: Shape) throws {
        self.input = input
        self.configuration = configuration
        let output = try configuration.outputShape(input: input)
        self.output = output
        sources = (0..<input.rank).map { axis in (0..<output[axis]).map { configuration.source($0, axis: axis, size: input[axis]) } }
    }
}

/// Pads `input` (`tables.input`) into `output` (`tables.output`). Rows along the last axis
/// are split over `workers`; inside a row, the kept span is one copy and the rest follows
/// the last axis's table.
func pad(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, tables: PadTables, workers: Int) {
    let rank = tables.input.rank
    let width = tables.output[rank - 1]
    let rows = width == 0 ? 0 : tables.output.elementCount / width
    let inStrides = tables.input.strides
    let inner = tables.sources[rank - 1]
    let value = tables.configuration.value
    // The contiguous run of the last axis that copies input elements in order.
    let first = inner.firstIndex { $0 >= 0 } ?? 0
    var run = 0
    while first + run < width, inner[first + run] == (inner[first] + run), inner[first] >= 0 { run += 1 }
    let shares = elementwiseShares(tables.output.elementCount, workers: workers)
    parallelFor(shares, workers: workers) { share in
        let (r0, r1) = evenSplit(rows, parts: shares, part: share)
        for row in r0..<r1 {
            // The input offset of this row's outer indices, or nil when one of them is
            // outside the input under constant mode.
            var rest = row, offset = 0, inside = true
            for axis in stride(from: rank - 2, through: 0, by: -1) {
                let index = rest % tables.output[axis]
                rest /= tables.output[axis]
                let source = tables.sources[axis][index]
                if source < 0 { inside = false; break }
                offset += source * inStrides[axis]
            }
            let line = output + row * width
            guard inside else {
                line.update(repeating: value, count: width)
                continue
            }
            let source = input + offset
            for i in 0..<first { line[i] = inner[i] < 0 ? value : source[inner[i]] }
            if run > 0 { (line + first).update(from: source + inner[first], count: run) }
            for i in (first + run)..<width { line[i] = inner[i] < 0 ? value : source[inner[i]] }
        }
    }
}
