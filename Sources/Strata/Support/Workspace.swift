/// Scratch memory reused across calls: it grows to the largest request and then stays,
/// so a steady-state forward allocates nothing.
public final class Workspace {
    private var storage: UnsafeMutableBufferPointer<Float>
    /// How many times the buffer was (re)allocated; tests use it to prove reuse.
    public private(set) var allocationCount = 0

    /// An empty workspace; nothing is allocated until the first request.
    public init() { storage = UnsafeMutableBufferPointer(start: nil, count: 0) }

    /// A buffer of at least `count` floats, valid until the next call. Contents undefined.
    public func buffer(count: Int) -> UnsafeMutablePointer<Float>? {
        guard count > 0 else { return nil }
        if storage.count < count {
            storage.deallocate()
            let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            storage = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Float.self, capacity: count), count: count)
            allocationCount += 1
        }
        return storage.baseAddress
    }

    /// Floats currently allocated: the largest request so far.
    public var capacity: Int { storage.count }

    deinit { storage.deallocate() }
}
