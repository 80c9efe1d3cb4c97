/// The heap buffer behind a ``Tensor``. Tensors share it until one of them writes
/// (copy-on-write, see ``Tensor/withUnsafeMutableBufferPointer(_:)``).
final class TensorStorage: @unchecked Sendable {
    /// 64-byte alignment: one cache line, and what AVX-512 loads like.
    static let alignment = 64

    let buffer: UnsafeMutableBufferPointer<Float>

    init(count: Int) {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: count * MemoryLayout<Float>.stride, alignment: TensorStorage.alignment)
        buffer = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Float.self, capacity: count), count: count)
    }

    convenience init(repeating value: Float, count: Int) {
        self.init(count: count)
        buffer.initialize(repeating: value)
    }

    func copy() -> TensorStorage {
        let result = TensorStorage(count: buffer.count)
        _ = result.buffer.initialize(from: buffer)
        return result
    }

    deinit { buffer.deallocate() }
}
