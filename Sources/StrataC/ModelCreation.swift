import CStrataAPI
import Foundation
import Strata
import StrataONNX

// strata_model_create_from_file, strata_model_create_from_memory and strata_model_release
// (see strata.h for the contract).

/// `strata_model_create_from_file` (strata.h): a model from an `.onnx` file or a built-in
/// name. Public so the symbol survives whole-module optimization (an internal `@_cdecl`
/// function is dropped from a release build's exports).
@_cdecl("strata_model_create_from_file")
public func strataModelCreateFromFile(
    _ path: UnsafePointer<CChar>?, _ options: UnsafePointer<strata_options>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strata_status {
    // *out is NULL on every failure, so a caller that releases it unconditionally is safe.
    out?.pointee = nil
    return withStatus(loading: true) {
        guard let out else { throw CAPIError.nullPointer("out is NULL; pass the address of a strata_model* to receive the model") }
        guard let path else { throw CAPIError.nullPointer("path is NULL; expected an .onnx file or a built-in model name") }
        let options = try ModelOptions(options)
        let name = String(cString: path)
        let model: Model
        if name.lowercased().hasSuffix(".onnx") {
            model = try options.importing { try ONNXImporter.load(contentsOf: URL(fileURLWithPath: name), options: $0) }
        } else {
            model = try options.builtIn(name)
        }
        out.pointee = try register(model, options)
    }
}

/// `strata_model_create_from_memory` (strata.h): a model from an ONNX file's bytes.
@_cdecl("strata_model_create_from_memory")
public func strataModelCreateFromMemory(
    _ data: UnsafeRawPointer?, _ size: Int, _ options: UnsafePointer<strata_options>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strata_status {
    out?.pointee = nil
    return withStatus(loading: true) {
        guard let out else { throw CAPIError.nullPointer("out is NULL; pass the address of a strata_model* to receive the model") }
        guard let data else { throw CAPIError.nullPointer("data is NULL; expected the bytes of an ONNX file") }
        let count = UInt(bitPattern: size)
        guard count > 0 else { throw CAPIError.invalidModel("size is 0; expected the bytes of an ONNX file") }
        try MemoryLimit.check(floats: Int(clamping: count / 4), "a copy of the \(count) ONNX bytes")
        let options = try ModelOptions(options)
        let bytes = [UInt8](UnsafeRawBufferPointer(start: data, count: Int(count)))
        let model = try options.importing { try ONNXImporter.load(bytes: bytes, options: $0) }
        out.pointee = try register(model, options)
    }
}

/// `strata_model_release` (strata.h): releases a handle; NULL is a no-op.
@_cdecl("strata_model_release")
public func strataModelRelease(_ model: OpaquePointer?) -> strata_status {
    withStatus {
        guard let model else { return }
        guard HandleTable.remove(model) else {
            throw CAPIError.invalidHandle("model \(model) is not a live strata_model: it was already released or never created")
        }
    }
}

/// A new handle for `model`, on its own context when the options ask for threads.
private func register(_ model: Model, _ options: ModelOptions) throws -> OpaquePointer {
    if let limit = options.memoryLimit { model.compileOptions.memoryLimitBytes = limit }
    return HandleTable.register(ModelHandle(model: model, context: try ExecutionContext.forC(threads: options.threads)))
}

extension ExecutionContext {
    /// The context for a C thread count: its own pool for > 0, the process default for 0.
    static func forC(threads: Int) throws -> ExecutionContext {
        threads > 0 ? try ExecutionContext(threads: threads) : .default
    }
}
