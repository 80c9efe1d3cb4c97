/// A float32 tensor of rank 0 to 8 in one contiguous row-major buffer (NCHW for images).
///
/// `Tensor` has value semantics: copies share the buffer until one of them is written,
/// then the writer copies (copy-on-write). Reshaping never copies.
///
/// ```swift
/// var x = try Tensor(shape: [1, 3, 4, 4], repeating: 0)
/// x[0, 1, 2, 3] = 1.5
/// let flat = try x.reshaped([48])   // shares x's buffer
/// ```
public struct Tensor: Sendable, CustomStringConvertible {
    /// The tensor's shape; the elements are stored row-major (C order) in that shape.
    public private(set) var shape: Shape
    var storage: TensorStorage

    /// A tensor filled with `value`.
    public init(shape: Shape, repeating value: Float = 0) {
        self.shape = shape
        self.storage = TensorStorage(repeating: value, count: shape.elementCount)
    }

    /// A tensor filled with `value`; validates the dimensions.
    public init(shape dimensions: [Int], repeating value: Float = 0) throws {
        self.init(shape: try Shape(dimensions), repeating: value)
    }

    /// A tensor holding `values` in row-major order; their count must match the shape.
    public init(shape dimensions: [Int], values: [Float]) throws {
        let shape = try Shape(dimensions)
        guard values.count == shape.elementCount else {
            throw StrataError.invalidShape(
                "\(values.count) values given for shape \(shape); expected \(shape.elementCount)")
        }
        self.shape = shape
        self.storage = TensorStorage(count: values.count)
        _ = storage.buffer.initialize(from: values)
    }

    /// An uninitialized-then-zeroed tensor; internal kernels overwrite it fully.
    init(zeros shape: Shape) {
        self.init(shape: shape, repeating: 0)
    }

    /// Number of elements, ``Shape/elementCount``.
    public var elementCount: Int { shape.elementCount }
    /// Number of axes, ``Shape/rank``.
    public var rank: Int { shape.rank }

    /// The elements in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }

    /// The same elements under another shape with the same element count, without copying.
    public func reshaped(_ dimensions: [Int]) throws -> Tensor {
        let newShape = try Shape(dimensions)
        guard newShape.elementCount == elementCount else {
            throw StrataError.invalidShape(
                "cannot reshape \(shape) (\(elementCount) elements) to \(newShape) (\(newShape.elementCount) elements)")
        }
        var result = self
        result.shape = newShape
        return result
    }

    /// Row-major offset of a full index. Out-of-range indices trap, as `Array` does.
    @inline(__always)
    func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == rank, "index \(indices) has \(indices.count) axes; tensor \(shape) has \(rank)")
        var offset = 0
        for (axis, index) in indices.enumerated() {
            precondition((0..<shape[axis]).contains(index), "index \(indices) is out of range for shape \(shape)")
            offset = offset * shape[axis] + index
        }
        return offset
    }

    /// Element access by full index, for example `t[0, c, y, x]`. Like `Array`,
    /// an out-of-range index traps; use ``element(at:)`` to get an error instead.
    public subscript(indices: Int...) -> Float {
        get { storage.buffer[offset(indices)] }
        set {
            let position = offset(indices)
            withUnsafeMutableBufferPointer { $0[position] = newValue }
        }
    }

    /// Element access that throws for an index of the wrong rank or out of range.
    public func element(at indices: [Int]) throws -> Float {
        guard indices.count == rank,
              zip(indices, shape.dimensions).allSatisfy({ (0..<$1).contains($0) }) else {
            throw StrataError.invalidArgument("index \(indices) is not inside shape \(shape)")
        }
        return storage.buffer[offset(indices)]
    }

    /// Gives read access to the elements, row-major, without copying. The pointer is valid
    /// only inside `body`.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(storage.buffer))
    }

    /// Gives write access, first copying the buffer if another tensor shares it.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try body(storage.buffer)
    }

    /// True when both tensors use the same buffer (for tests of copy-on-write and reuse).
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }

    public var description: String {
        let preview = storage.buffer.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(shape)[\(preview)\(elementCount > 8 ? ", ..." : "")]"
    }
}
