/// ONNX Slice (opsets 1, 10, 11, 13; numpy's `data[start:end:step]` on several axes): the
/// bounds as a model gives them, and the spec's arithmetic that resolves them against a
/// shape. The ONNX importer's constant fold and ``SliceOp`` both resolve through
/// ``resolve(dims:)``, so folded and run-time slices agree.
///
/// Per sliced axis of size `d` (the Slice-13 text):
/// - `axes` default to `0..<starts.count`; negative ones add the rank; an axis named twice
///   is an error. `steps` default to 1 and must not be 0.
/// - A negative start or end adds `d`. Then for `step > 0` both are clamped to `[0, d]`;
///   for `step < 0` start to `[0, d − 1]` and end to `[−1, d − 1]`, so INT64_MAX and
///   INT64_MIN (what exporters write for "to the end") work either way.
/// - The axis keeps `max(0, ⌈(end − start) / step⌉)` elements `start, start + step, …`.
public struct SliceConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// Start index per listed axis, as the model gives it (negative adds the axis size).
    public let starts: [Int]
    /// End index (exclusive) per listed axis, as the model gives it.
    public let ends: [Int]
    /// nil: `0..<starts.count`.
    public let axes: [Int]?
    /// nil: all 1.
    public let steps: [Int]?

    /// Slice bounds as ONNX Slice's inputs give them; resolved against a shape by ``resolve(dims:)``.
    public init(starts: [Int], ends: [Int], axes: [Int]? = nil, steps: [Int]? = nil) {
        (self.starts, self.ends, self.axes, self.steps) = (starts, ends, axes, steps)
    }

    /// One axis's part of ``SliceConfiguration/resolve(dims:)``: the first index read, the
    /// step, and how many elements are kept.
    public struct Axis: Hashable, Sendable {
        /// The first index read, in `0..<d`.
        public let first: Int
        /// The step between read indices; never 0, negative walks backwards.
        public let step: Int
        /// How many elements the axis keeps (0 or more).
        public let count: Int
    }

    public var description: String {
        "starts \(starts) ends \(ends) axes \(axes.map { "\($0)" } ?? "all") steps \(steps.map { "\($0)" } ?? "1")"
    }

    /// Every axis of `dims` resolved (an axis not sliced keeps all of it: first 0, step 1).
    /// `dims` may be of any rank and any sizes >= 0; the values may be any Int (INT64
    /// extremes included). Throws ``StrataError/invalidArgument(_:)`` for lists of different
    /// lengths, an axis out of range or named twice, or a zero step.
    public func resolve(dims: [Int]) throws -> [Axis] {
        let axisList = axes ?? Array(0..<starts.count), stepList = steps ?? Array(repeating: 1, count: starts.count)
        guard ends.count == starts.count, axisList.count == starts.count, stepList.count == starts.count else {
            throw StrataError.invalidArgument(
                "slice starts \(starts), ends \(ends), axes \(axisList) and steps \(stepList) must have one length")
        }
        var result = dims.map { Axis(first: 0, step: 1, count: $0) }
        var seen = Set<Int>()
        for i in starts.indices {
            let axis = try Shape.resolve(axis: axisList[i], rank: dims.count, "slice axes value")
            guard seen.insert(axis).inserted else {
                throw StrataError.invalidArgument("slice axes \(axisList) name axis \(axis) twice")
            }
            guard stepList[i] != 0 else {
                throw StrataError.invalidArgument("slice steps \(stepList) hold 0 for axis \(axis); a step must be nonzero")
            }
            result[axis] = Self.resolve(start: starts[i], end: ends[i], step: stepList[i], size: dims[axis])
        }
        return result
    }

    /// One axis of size `size` (>= 0) sliced `start:end:step` (step nonzero), clamped as the
    /// spec says (see the type's comment). Never overflows, whatever the values.
    public static func resolve(start: Int, end: Int, step: Int, size: Int) -> Axis {
        // A negative value plus a size >= 0 cannot overflow.
        var (start, end) = (start < 0 ? start + size : start, end < 0 ? end + size : end)
        if step > 0 {
            (start, end) = (min(max(start, 0), size), min(max(end, 0), size))
            return Axis(first: start, step: step, count: end > start ? 1 + (end - start - 1) / step : 0)
        }
        (start, end) = (min(max(start, 0), size - 1), min(max(end, -1), size - 1))
        // start − end is at most `size`; −step overflows only for Int.min, which takes one element.
        let count = start > end ? (step == .min ? 1 : 1 + (start - end - 1) / -step) : 0
        return Axis(first: count > 0 ? start : 0, step: step, count: count)
    }

    /// The sliced shape of `input`.
    public func outputShape(input: Shape) throws -> Shape {
        try Shape(resolve(dims: input.dimensions).map(\.count))
    }
}
