#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The heap buffer behind a ``Tensor``. Tensors share it until one of them writes
/// (copy-on-write, see ``Tensor/withUnsafeMutableBufferPointer(_:)``).
final class TensorStorage: @unchecked Sendable {
    /// 64-byte alignment: one cache line, and what AVX-512 loads like.
    static let alignment = 64

    let buffer: UnsafeMutableBufferPointer<Float>

    init(count: Int) {
        TensorStorage.countAllocation()
        // At least one float, so an empty tensor still has a base address to hand out.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: TensorStorage.alignment)
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

extension TensorStorage {
    /// Tensor buffers allocated so far by the calling thread. Tests use it to prove that
    /// a steady-state run allocates none; per thread so tests running in parallel do not
    /// disturb each other. One thread-specific load and store per allocation.
    static var allocationsOnThisThread: Int { Int(bitPattern: pthread_getspecific(allocationCounterKey)) }

    private static func countAllocation() {
        pthread_setspecific(allocationCounterKey, UnsafeRawPointer(bitPattern: allocationsOnThisThread + 1))
    }
}

/// Created once, on first use (a global `let` initializer runs exactly once).
private let allocationCounterKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
