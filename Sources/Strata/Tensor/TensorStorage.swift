import Synchronization

/// The heap buffer behind a ``Tensor``. Tensors share it until one of them writes
/// (copy-on-write, see ``Tensor/withUnsafeMutableBufferPointer(_:)``).
final class TensorStorage: @unchecked Sendable {
    /// 64-byte alignment: one cache line, and what AVX-512 loads like.
    static let alignment = 64

    let buffer: UnsafeMutableBufferPointer<Float>

    init(count: Int) {
        TensorAllocationObserver.notify()
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

/// A hook for counting tensor buffer allocations, for `StrataDiagnostics`' allocation
/// counter (tests prove with it that a steady-state compiled run allocates no tensor).
///
/// Why a hook rather than a counter here: the count the tests need is per thread (tests
/// run in parallel, and a process-wide counter would see other tests' tensors), and
/// thread-local bookkeeping costs a thread-specific load and store per allocation. So the
/// production library keeps only this slot: one relaxed atomic load per allocation, and a
/// call only once a diagnostics tool has installed an observer. The per-thread counting
/// lives in StrataDiagnostics (`AllocationCounter`). A malloc hook was the alternative;
/// it would count every allocation of the process (arrays, closures), not tensor buffers.
@_spi(Diagnostics) public enum TensorAllocationObserver {
    /// Called on the allocating thread, before every tensor buffer allocation.
    public typealias Observer = @convention(c) () -> Void

    /// The installed observer's address, 0 when none is.
    private static let slot = Atomic<Int>(0)

    /// Installs `observer` (nil removes it) for every thread.
    public static func install(_ observer: Observer?) {
        slot.store(unsafeBitCast(observer, to: Int.self), ordering: .releasing)
    }

    @inline(__always)
    static func notify() {
        let observer = slot.load(ordering: .relaxed)
        if observer != 0 { unsafeBitCast(observer, to: Observer.self)() }
    }
}
