import CStrataAPI
import Foundation
import Strata
import StrataONNX

/// `strata_options`, checked: every field in range, and only the fields that apply to the
/// kind of model being made.
struct ModelOptions {
    var threads = 0
    var weightsPath: String?
    var weights: [String: Tensor]?
    var batch: Int?
    var imageSize: Int?
    var memoryLimit: Int?
    var dimensions: [String: Int] = [:]

    /// Defaults for NULL; throws ``CAPIError/invalidArgument(_:)`` naming a bad field.
    init(_ pointer: UnsafePointer<strata_options>?) throws {
        guard let pointer else { return }
        // Read struct_size alone first: a caller built against an older, shorter struct must
        // be refused before the whole struct is read past its end.
        let size = UnsafeRawPointer(pointer).load(as: Int.self)
        guard size == MemoryLayout<strata_options>.size else {
            throw CAPIError.invalidArgument(
                "options->struct_size is \(size), expected \(MemoryLayout<strata_options>.size) (sizeof(strata_options)); start from strata_options_default()")
        }
        let raw = pointer.pointee
        guard raw.threads >= 0 else {
            throw CAPIError.invalidArgument("options->threads must be >= 0 (0: the default), got \(raw.threads)")
        }
        threads = Int(raw.threads)
        guard raw.batch >= 0, raw.image_size >= 0 else {
            throw CAPIError.invalidArgument(
                "options->batch and options->image_size must be >= 0 (0: the default), got \(raw.batch) and \(raw.image_size)")
        }
        batch = raw.batch == 0 ? nil : Int(raw.batch)
        imageSize = raw.image_size == 0 ? nil : Int(raw.image_size)
        guard raw.memory_limit >= 0 else {
            throw CAPIError.invalidArgument("options->memory_limit must be >= 0 bytes (0: only the process limit), got \(raw.memory_limit)")
        }
        memoryLimit = raw.memory_limit == 0 ? nil : Int(raw.memory_limit)
        weightsPath = raw.weights_path.map { String(cString: $0) }
        let weightsSize = UInt(bitPattern: raw.weights_size)
        if weightsSize > 0 {
            guard let data = raw.weights_data else {
                throw CAPIError.nullPointer("options->weights_data is NULL with weights_size \(weightsSize)")
            }
            guard weightsPath == nil else {
                throw CAPIError.invalidArgument("options->weights_path and weights_data are both set; give the weights one way")
            }
            try MemoryLimit.check(floats: Int(clamping: weightsSize / 4), "a copy of the \(weightsSize) safetensors bytes")
            let bytes = [UInt8](UnsafeRawBufferPointer(start: data, count: Int(weightsSize)))
            do {
                weights = try Safetensors.decode(bytes)
            } catch {
                throw CAPIError.invalidModel("options->weights_data: \(error)")
            }
        }
        let count = UInt(bitPattern: raw.n_dimensions)
        if count > 0 {
            guard let list = raw.dimensions else {
                throw CAPIError.nullPointer("options->dimensions is NULL with n_dimensions \(count)")
            }
            guard count <= 1024 else { throw CAPIError.invalidArgument("options->n_dimensions is \(count); at most 1024") }
            for index in 0..<Int(count) {
                guard let name = list[index].name else {
                    throw CAPIError.nullPointer("options->dimensions[\(index)].name is NULL")
                }
                let symbol = String(cString: name)
                guard list[index].size >= 1 else {
                    throw CAPIError.invalidArgument("options->dimensions[\(index)] gives '\(symbol)' size \(list[index].size); expected >= 1")
                }
                guard dimensions[symbol] == nil else {
                    throw CAPIError.invalidArgument("options->dimensions names '\(symbol)' twice")
                }
                dimensions[symbol] = Int(list[index].size)
            }
        }
    }

    /// Imports an ONNX model with these options (refusing the built-in-only ones).
    func importing(_ load: (ONNXImportOptions) throws -> Model) throws -> Model {
        guard weightsPath == nil, weights == nil, imageSize == nil else {
            throw CAPIError.invalidArgument(
                "options->weights_path, weights_data and image_size apply to built-in models; an ONNX file carries its own weights and input shapes")
        }
        return try load(ONNXImportOptions(dimensions: dimensions, batchSize: batch))
    }

    /// The built-in model `name` (what `strata run` does with its MODEL argument: seeded
    /// weights with seed 1 unless weights are given).
    func builtIn(_ name: String) throws -> Model {
        guard ModelZoo.names.contains(name) else {
            throw CAPIError.invalidModel(
                "unknown model '\(name)'; expected a file ending in .onnx or a built-in model: \(ModelZoo.names.joined(separator: ", "))")
        }
        guard dimensions.isEmpty else {
            throw CAPIError.invalidArgument(
                "options->dimensions applies to ONNX models; built-in '\(name)' takes options->batch and image_size")
        }
        let batch = batch ?? 1, size = imageSize ?? ModelZoo.defaultInputSize(name)
        // The input alone bounds what any run needs: refuse an absurd batch or size before
        // drawing weights (the plan's arena is checked when it is compiled).
        let dimensions = [batch, ModelZoo.inputChannels(name), size, size]
        let floats = dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
        try MemoryLimit.check(floats: floats, "the input \(dimensions) of \(name)", within: memoryLimit)
        if let weightsPath {
            return Model(try ModelZoo.build(name, weights: URL(fileURLWithPath: weightsPath), inputSize: size, batch: batch))
        }
        if let weights {
            return Model(try ModelZoo.build(name, tensors: weights, inputSize: size, batch: batch))
        }
        return Model(try ModelZoo.build(name, inputSize: size, classes: nil, batch: batch, seed: 1))
    }
}
