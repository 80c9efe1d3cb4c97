@_spi(Diagnostics) import Strata
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the tensor buffers a thread allocates, so tests can prove that a steady-state
/// run allocates none:
///
/// ```swift
/// let count = AllocationCounter.tensorAllocations { try compiled.run(input, into: &output) }
/// #expect(count == 0)
/// ```
///
/// Per thread, so tests running in parallel do not disturb each other. The counting is
/// installed into Strata's `TensorAllocationObserver` slot on first use; until then (and
/// in every process that never uses this type) an allocation costs Strata one relaxed
/// atomic load, nothing else.
public enum AllocationCounter {
    /// Tensor buffers the calling thread has allocated since counting was installed.
    public static var tensorAllocationsOnThisThread: Int {
        installed
        return Int(bitPattern: pthread_getspecific(allocationCounterKey))
    }

    /// The tensor buffers `body` allocates on the calling thread.
    public static func tensorAllocations(during body: () throws -> Void) rethrows -> Int {
        let before = tensorAllocationsOnThisThread
        try body()
        return tensorAllocationsOnThisThread - before
    }
}

/// Created once, on first use (a global `let` initializer runs exactly once).
private let allocationCounterKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// Installs the per-thread count once (a global `let` initializer runs exactly once).
private let installed: Void = {
    _ = allocationCounterKey
    TensorAllocationObserver.install {
        let count = Int(bitPattern: pthread_getspecific(allocationCounterKey))
        pthread_setspecific(allocationCounterKey, UnsafeRawPointer(bitPattern: count + 1))
    }
}()
