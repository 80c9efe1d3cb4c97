/// The dimensions of a ``Tensor``: rank 1 to 4, every dimension >= 1.
/// Images are NCHW: `[batch, channels, height, width]`.
public struct Shape: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public let dimensions: [Int]

    /// Largest rank a tensor may have.
    public static let maximumRank = 4

    /// Validates the dimensions; throws ``StrataError/invalidShape(_:)`` for a rank outside
    /// 1...4, a dimension <= 0, or an element count that overflows `Int`.
    public init(_ dimensions: [Int]) throws {
        guard (1...Shape.maximumRank).contains(dimensions.count) else {
            throw StrataError.invalidShape(
                "\(dimensions) has rank \(dimensions.count); expected rank 1 to \(Shape.maximumRank)")
        }
        if let bad = dimensions.firstIndex(where: { $0 <= 0 }) {
            throw StrataError.invalidShape(
                "\(dimensions) has dimension \(bad) = \(dimensions[bad]); expected every dimension >= 1")
        }
        var count = 1
        for d in dimensions {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else {
                throw StrataError.invalidShape("\(dimensions) has more elements than fit in Int")
            }
            count = product
        }
        self.dimensions = dimensions
    }

    /// For literals written in code, such as `[1, 3, 224, 224]`; a bad literal is a
    /// programming error and traps with the validation message.
    public init(arrayLiteral elements: Int...) {
        do { try self.init(elements) } catch { preconditionFailure("\(error)") }
    }

    public var rank: Int { dimensions.count }
    public var elementCount: Int { dimensions.reduce(1, *) }
    public subscript(axis: Int) -> Int { dimensions[axis] }

    /// Row-major (C-order) strides, in elements.
    public var strides: [Int] {
        var result = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) {
            result[axis] = result[axis + 1] * dimensions[axis + 1]
        }
        return result
    }

    public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }
}
