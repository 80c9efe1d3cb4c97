import CStrataAPI
import Foundation
import Strata

/// What a `strata_model*` stands for: the model, the context its runs use, and its input and
/// output names as C strings (the `const char*` that `strata_model_input_name` returns must
/// outlive the call, so they live as long as the handle).
final class ModelHandle: Sendable {
    let model: Model
    let context: ExecutionContext
    /// strdup'ed, freed in deinit; never mutated after init.
    nonisolated(unsafe) let inputNames: [UnsafeMutablePointer<CChar>]
    nonisolated(unsafe) let outputNames: [UnsafeMutablePointer<CChar>]

    init(model: Model, context: ExecutionContext) {
        self.model = model
        self.context = context
        inputNames = model.inputs.map { strdup($0.name)! }
        outputNames = model.outputNames.map { strdup($0)! }
    }

    deinit {
        for name in inputNames + outputNames { free(name) }
    }
}

/// The live handles. A `strata_model*` is not an address but a number that is never reused
/// (1, 2, 3... as a pointer bit pattern), looked up here under a lock: a released or forged
/// handle is then a status, not a use-after-free, and a handle released while another model
/// took its memory cannot reach the wrong model.
enum HandleTable {
    private static let table = Locked<(next: UInt, live: [UInt: ModelHandle])>((1, [:]))

    static func register(_ handle: ModelHandle) -> OpaquePointer {
        let id = table.withLock { state in
            let id = state.next
            state.next += 1
            state.live[id] = handle
            return id
        }
        return OpaquePointer(bitPattern: id)!
    }

    /// The handle for `pointer`; a strong reference, so a concurrent release cannot free the
    /// model while this call uses it.
    static func lookup(_ pointer: OpaquePointer?) throws(CAPIError) -> ModelHandle {
        guard let pointer else { throw .nullPointer("model is NULL") }
        let id = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(pointer)))
        guard let handle = table.withLock({ $0.live[id] }) else {
            throw .invalidHandle("model \(pointer) is not a live strata_model: it was released or never created by strata_model_create_from_file")
        }
        return handle
    }

    /// Removes `pointer`; false when it was not live.
    static func remove(_ pointer: OpaquePointer) -> Bool {
        let id = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(pointer)))
        return table.withLock { $0.live.removeValue(forKey: id) } != nil
    }
}
