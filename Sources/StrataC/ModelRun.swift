import CStrataAPI
import Foundation
import Strata

// strata_model_run, strata_model_run_alloc and strata_free (see strata.h for the contract).

/// `strata_model_run` (strata.h): runs the model on named inputs into caller buffers.
@_cdecl("strata_model_run")
public func strataModelRun(
    _ model: OpaquePointer?, _ inputs: UnsafePointer<strata_input>?, _ inputCount: Int,
    _ outputs: UnsafeMutablePointer<strata_output>?, _ outputCount: Int
) -> strata_status {
    withStatus {
        let (requested, values) = try run(model, inputs, inputCount, outputs, outputCount)
        guard let outputs else { return }  // run refused NULL already.
        // Every capacity checked before any data is written, so a BUFFER_TOO_SMALL leaves no
        // half-written outputs (the shapes are written, for the caller to allocate).
        var tooSmall: [String] = []
        for (position, name) in requested.enumerated() {
            let value = values[position]
            let capacity = UInt(bitPattern: outputs[position].capacity)
            if capacity < UInt(value.elementCount) {
                tooSmall.append("output '\(name)' \(value.shape) needs \(value.elementCount) floats, capacity is \(capacity)")
            } else if value.elementCount > 0, outputs[position].data == nil {
                throw CAPIError.nullPointer("outputs[\(position)].data is NULL for output '\(name)'")
            }
        }
        guard tooSmall.isEmpty else { throw CAPIError.bufferTooSmall(tooSmall.joined(separator: "; ")) }
        for (position, value) in values.enumerated() {
            guard value.elementCount > 0, let data = outputs[position].data else { continue }
            value.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: $0.count) }
        }
    }
}

/// `strata_model_run_alloc` (strata.h): runs the model into buffers the library allocates
/// with `malloc` (freed by `strata_free`).
@_cdecl("strata_model_run_alloc")
public func strataModelRunAlloc(
    _ model: OpaquePointer?, _ inputs: UnsafePointer<strata_input>?, _ inputCount: Int,
    _ outputs: UnsafeMutablePointer<strata_output>?, _ outputCount: Int
) -> strata_status {
    // No buffer on any failure: every data NULL until all are allocated.
    if let outputs, outputCount >= 1, outputCount <= maximumOutputs {
        for position in 0..<outputCount { outputs[position].data = nil }
    }
    return withStatus {
        let (_, values) = try run(model, inputs, inputCount, outputs, outputCount)
        guard let outputs else { return }
        var buffers: [UnsafeMutablePointer<Float>] = []
        for value in values {
            // malloc(0) may return NULL; one float keeps every successful output non-NULL.
            guard let buffer = malloc(max(1, value.elementCount) * MemoryLayout<Float>.stride) else {
                for buffer in buffers { free(buffer) }
                throw CAPIError.memoryLimit("out of memory allocating \(value.elementCount) floats for an output of shape \(value.shape)")
            }
            buffers.append(buffer.bindMemory(to: Float.self, capacity: max(1, value.elementCount)))
        }
        for (position, value) in values.enumerated() {
            value.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { buffers[position].update(from: base, count: source.count) }
            }
            outputs[position].data = buffers[position]
            outputs[position].capacity = value.elementCount
        }
    }
}

/// `strata_free` (strata.h): frees what `strata_model_run_alloc` or `strata_model_summary`
/// allocated; NULL is a no-op.
@_cdecl("strata_free")
public func strataFree(_ pointer: UnsafeMutableRawPointer?) {
    free(pointer)
}

/// The common part of both runs: checks the handle, the inputs and the requested outputs,
/// runs (capturing the requested layers that are not graph outputs), and writes each
/// output's shape and rank. Returns the requested names and their values, in order.
private func run(
    _ model: OpaquePointer?, _ inputs: UnsafePointer<strata_input>?, _ inputCount: Int,
    _ outputs: UnsafeMutablePointer<strata_output>?, _ outputCount: Int
) throws -> (names: [String], values: [Tensor]) {
    let handle = try HandleTable.lookup(model)
    let tensors = try inputTensors(handle.model, inputs, inputCount)
    let requested = try outputNames(handle, outputs, outputCount)
    let capturing = Array(Set(requested.filter { !handle.outputNameSet.contains($0) }))
    let results = try handle.model.run(tensors, capturing: capturing, context: handle.context)
    handle.ranSuccessfully(with: tensors)
    guard let outputs else { throw CAPIError.nullPointer("outputs is NULL") }
    var values: [Tensor] = []
    for (position, name) in requested.enumerated() {
        guard let value = results[name] else { throw CAPIError.internal("the run returned no output '\(name)'") }
        guard value.rank <= Int(STRATA_MAX_RANK) else {
            throw CAPIError.internal("output '\(name)' has rank \(value.rank), above STRATA_MAX_RANK (\(STRATA_MAX_RANK))")
        }
        withUnsafeMutableBytes(of: &outputs[position].shape) { bytes in
            let shape = bytes.bindMemory(to: Int64.self)
            for axis in 0..<value.rank { shape[axis] = Int64(value.shape[axis]) }
        }
        outputs[position].rank = value.rank
        values.append(value)
    }
    return (requested, values)
}

/// One tensor per graph input from the C array (see ``InputList``).
private func inputTensors(
    _ model: Model, _ inputs: UnsafePointer<strata_input>?, _ count: Int
) throws -> [String: Tensor] {
    let list = try InputList(model, inputs, count, needsData: true)
    // Shapes against the model's signature (ranks, fixed sizes, a symbol bound twice) before
    // anything is read: the caller's buffer is only trusted to hold the count of a shape
    // the model takes, so a wrong shape must never be copied.
    _ = try DimensionBindings(binding: list.shapes, to: model.inputs)
    var tensors: [String: Tensor] = [:]
    for input in list.inputs {
        try MemoryLimit.check(floats: input.shape.elementCount, "input '\(input.name)' \(input.shape)")
        let count = input.shape.elementCount
        let values = count == 0 ? [] : Array(UnsafeBufferPointer(start: input.data!, count: count))
        tensors[input.name] = try Tensor(shape: input.shape.dimensions, values: values)
    }
    return tensors
}

/// More outputs than any graph has layers is a count gone wrong (a negative size_t).
private let maximumOutputs = 1 << 20

/// The graph output or layer each `strata_output` asks for, in order.
private func outputNames(
    _ handle: ModelHandle, _ outputs: UnsafeMutablePointer<strata_output>?, _ count: Int
) throws -> [String] {
    let names = handle.model.outputNames
    let list = names.map { "'\($0)'" }.joined(separator: ", ")
    guard count >= 1, count <= maximumOutputs else {
        throw CAPIError.invalidArgument(
            "n_outputs is \(UInt(bitPattern: count)); expected at least 1 (the model's outputs: \(list), or layers by name)")
    }
    guard let outputs else { throw CAPIError.nullPointer("outputs is NULL") }
    var requested: [String] = []
    for position in 0..<count {
        let name: String
        if let cName = outputs[position].name {
            name = String(cString: cName)
        } else if position < names.count {
            name = names[position]
        } else {
            throw CAPIError.nullPointer(
                "outputs[\(position)].name is NULL, and the model has only \(names.count) output\(names.count == 1 ? "" : "s") (\(list)); name the layer")
        }
        // A layer name is checked against the layer list when there is one; a model whose
        // list cannot be made yet (no probe size fits, no run yet) lets the run decide.
        if !names.contains(name), let layers = try? handle.layers() {
            guard layers.set.contains(name) else {
                let examples = layers.names.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
                throw CAPIError.invalidArgument(
                    "outputs[\(position)] names '\(name)', which is neither an output of the model (\(list)) nor a layer (\(layers.names.count) layers, such as \(examples); see strata_model_layer_name)")
            }
        }
        // The same name twice is allowed: a graph may list one value twice as an output, and
        // each strata_output gets its own copy.
        requested.append(name)
    }
    return requested
}
