/// The dimensions of a ``Tensor``: rank 0 (a scalar) to 8, every dimension >= 0.
/// Images are NCHW: `[batch, channels, height, width]`.
///
/// A dimension of 0 is a valid static size, as in ONNX and numpy: the tensor is empty
/// (no elements), and ops give the spec's results on it. Rank 0 holds one element.
public struct Shape: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// Sizes per axis, outermost first (`[N, C, H, W]` for an image batch).
    public let dimensions: [Int]

    /// Largest rank a tensor may have (onnxruntime's and numpy's common ground for CNNs:
    /// 5-D channel shuffles and attention heads, with room to spare).
    public static let maximumRank = 8

    /// Validates the dimensions; throws ``StrataError/invalidShape(_:)`` for a rank above
    /// ``maximumRank``, a negative dimension, or non-zero dimensions whose product overflows
    /// `Int`. The last rule holds for empty shapes too (`[0, 2^32, 2^32, 2^32]` is refused),
    /// so element counts, strides and sub-products of any valid shape fit in `Int`.
    public init(_ dimensions: [Int]) throws {
        guard dimensions.count <= Shape.maximumRank else {
            throw StrataError.invalidShape(
                "\(dimensions) has rank \(dimensions.count); expected rank 0 to \(Shape.maximumRank)")
        }
        if let bad = dimensions.firstIndex(where: { $0 < 0 }) {
            throw StrataError.invalidShape(
                "\(dimensions) has dimension \(bad) = \(dimensions[bad]); expected every dimension >= 0")
        }
        guard Shape.checkedElementCount(dimensions.filter { $0 != 0 }) != nil else {
            throw StrataError.invalidShape(dimensions.contains(0)
                ? "\(dimensions): the product of its non-zero dimensions overflows Int (an empty tensor's strides still need it)"
                : "\(dimensions) has more elements than fit in Int")
        }
        self.dimensions = dimensions
    }

    /// For literals written in code, such as `[1, 3, 224, 224]`; a bad literal is a
    /// programming error and traps with the validation message.
    public init(arrayLiteral elements: Int...) {
        do { try self.init(elements) } catch { preconditionFailure("\(error)") }
    }

    /// The product of `dimensions`, or nil when it overflows `Int`. A zero anywhere gives
    /// 0 even if the other factors would overflow (the tensor is empty).
    public static func checkedElementCount(_ dimensions: [Int]) -> Int? {
        if dimensions.contains(0) { return 0 }
        var count = 1
        for d in dimensions {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// Number of axes, 0 to 8.
    public var rank: Int { dimensions.count }
    /// Product of the dimensions: 1 for rank 0, 0 when any dimension is 0.
    public var elementCount: Int { dimensions.reduce(1, *) }
    /// The size of axis `axis` (0-based, no negative indexing; out of range traps).
    public subscript(axis: Int) -> Int { dimensions[axis] }

    /// True when the tensor has no elements (some dimension is 0).
    public var isEmpty: Bool { dimensions.contains(0) }

    /// Row-major (C-order) strides, in elements.
    public var strides: [Int] {
        var result = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) {
            result[axis] = result[axis + 1] * dimensions[axis + 1]
        }
        return result
    }

    /// `axis` of an op's input of this shape, resolved: negative axes count from the end, as
    /// in ONNX and numpy. Throws naming `what` ("softmax axis"), the shape and the valid range.
    public func resolve(axis: Int, _ what: String = "axis") throws -> Int {
        guard (-rank..<rank).contains(axis) else {
            throw StrataError.invalidArgument(
                "\(what) \(axis) is out of range for input shape \(self) (rank \(rank)); expected \(-rank)...\(rank - 1)")
        }
        return Shape.wrap(axis: axis, rank: rank)
    }

    /// `axis` resolved against `rank` (`-rank ..< rank`); see ``resolve(axis:_:)``.
    public static func resolve(axis: Int, rank: Int, _ what: String = "axis") throws -> Int {
        guard axis >= -rank && axis < rank else {
            throw StrataError.invalidArgument(
                "\(what) \(axis) is out of range for rank \(rank); expected \(-rank)...\(rank - 1)")
        }
        return wrap(axis: axis, rank: rank)
    }

    /// An axis already checked by ``resolve(axis:_:)`` (at plan time), counted from the start:
    /// what kernels that take ONNX's negative axes use. The only place an axis wraps.
    @inline(__always)
    static func wrap(axis: Int, rank: Int) -> Int { axis < 0 ? axis + rank : axis }

    /// The shape seen as `[outer, size, inner]` around `axis` (negative counts from the end;
    /// already checked by ``resolve(axis:_:)``): the product of the sizes before it, its own
    /// size, and the product of those after. The layout of every one-axis kernel (softmax,
    /// arg max, gather, Lp normalization).
    @inline(__always)
    func split(around axis: Int) -> (outer: Int, size: Int, inner: Int) {
        let axis = Shape.wrap(axis: axis, rank: rank)
        return (product(0..<axis), dimensions[axis], product((axis + 1)..<rank))
    }

    /// The product of the sizes on `axes`, such as `0..<axis` for the rows before an axis.
    /// For a shape with elements (every sub-product is then at most ``elementCount``); see
    /// ``checkedProduct(_:_:)`` where the shape may be empty.
    @inline(__always)
    func product(_ axes: Range<Int>) -> Int {
        var result = 1
        for axis in axes { result *= dimensions[axis] }
        return result
    }

    /// The product of the sizes on `axes` (any order), or an error naming `what` when it
    /// overflows `Int`: a valid shape allows that only beside a 0 (`[0, 2^40, 2^40]` has no
    /// elements, but its trailing sizes multiply past `Int.max`).
    func checkedProduct<Axes: Sequence<Int>>(_ axes: Axes, _ what: String) throws -> Int {
        guard let product = Shape.checkedElementCount(axes.map { dimensions[$0] }) else {
            throw StrataError.invalidShape("\(what) of \(self) has more elements than fit in Int")
        }
        return product
    }

    public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }
}
