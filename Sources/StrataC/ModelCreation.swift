import CStrataAPI
import Foundation
import Strata
import StrataONNX

// strata_model_create_from_file and strata_model_release (see strata.h for the contract).

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
        let options = try Options(options)
        let name = String(cString: path)
        let context = options.threads > 0 ? try ExecutionContext(threads: options.threads) : ExecutionContext.default
        let model = try load(name, options)
        out.pointee = HandleTable.register(ModelHandle(model: model, context: context))
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

/// `strata_options`, checked.
private struct Options {
    var threads = 0
    var weights: String?
    var batch: Int?
    var imageSize: Int?

    init(_ pointer: UnsafePointer<strata_options>?) throws {
        guard let pointer else { return }
        let raw = pointer.pointee
        guard raw.struct_size == MemoryLayout<strata_options>.size else {
            throw CAPIError.invalidArgument(
                "options->struct_size is \(raw.struct_size), expected \(MemoryLayout<strata_options>.size) (sizeof(strata_options)); start from strata_options_default()")
        }
        guard raw.threads >= 0 else {
            throw CAPIError.invalidArgument("options->threads must be >= 0 (0: the default), got \(raw.threads)")
        }
        threads = Int(raw.threads)
        weights = raw.weights_path.map { String(cString: $0) }
        guard raw.batch >= 0, raw.image_size >= 0 else {
            throw CAPIError.invalidArgument(
                "options->batch and options->image_size must be >= 0 (0: the default), got \(raw.batch) and \(raw.image_size)")
        }
        batch = raw.batch == 0 ? nil : Int(raw.batch)
        imageSize = raw.image_size == 0 ? nil : Int(raw.image_size)
    }
}

/// The model `name` names: an .onnx file, or a built-in architecture (what `strata run`
/// does with its MODEL argument, seeded weights with seed 1 unless a weights file is given).
private func load(_ name: String, _ options: Options) throws -> Model {
    if name.lowercased().hasSuffix(".onnx") {
        guard options.weights == nil, options.batch == nil, options.imageSize == nil else {
            throw CAPIError.invalidArgument(
                "options->weights_path, batch and image_size apply to built-in models; \(name) is an ONNX file, which carries its own weights and input shapes")
        }
        return try ONNXImporter.load(contentsOf: URL(fileURLWithPath: name))
    }
    guard ModelZoo.names.contains(name) else {
        throw CAPIError.invalidModel(
            "unknown model '\(name)'; expected a file ending in .onnx or a built-in model: \(ModelZoo.names.joined(separator: ", "))")
    }
    let batch = options.batch ?? 1, size = options.imageSize ?? ModelZoo.defaultInputSize(name)
    // The input alone bounds what any run needs: refuse an absurd batch or size before
    // drawing weights (the plan's arena is checked when it is compiled).
    let dimensions = [batch, ModelZoo.inputChannels(name), size, size]
    let floats = dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
    try MemoryLimit.check(floats: floats, "the input \(dimensions) of \(name)")
    if let weights = options.weights {
        return Model(try ModelZoo.build(name, weights: URL(fileURLWithPath: weights), inputSize: size, batch: batch))
    }
    return Model(try ModelZoo.build(name, inputSize: size, classes: nil, batch: batch, seed: 1))
}
