import Foundation

/// A value behind a lock, for the engine's shared state (the default context, plan caches,
/// idle execution states).
///
/// A pthread mutex (`NSLock`) rather than Synchronization's `Mutex`: that one's futex-based
/// lock lives in a library ThreadSanitizer does not instrument, so every access made under
/// it was reported as a data race and real races could not be told apart.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` on the value while holding the lock.
    @inline(__always)
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
