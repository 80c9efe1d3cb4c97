import CStrataAPI
import Strata

// strata_model_run (see strata.h for the contract).

/// `strata_model_run` (strata.h): runs the model on named inputs into caller buffers.
@_cdecl("strata_model_run")
public func strataModelRun(
    _ model: OpaquePointer?, _ inputs: UnsafePointer<strata_input>?, _ inputCount: Int,
    _ outputs: UnsafeMutablePointer<strata_output>?, _ outputCount: Int
) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        let tensors = try inputTensors(handle.model, inputs, inputCount)
        let requested = try outputNames(handle.model, outputs, outputCount)
        let values = try handle.model.run(tensors, context: handle.context)
        guard let outputs else { return }  // outputNames refused NULL already.
        // Every shape first, every capacity checked before any data is written, so a
        // BUFFER_TOO_SMALL leaves no half-written outputs.
        var tooSmall: [String] = []
        for (position, name) in requested.enumerated() {
            guard let value = values[name] else { throw CAPIError.internal("the run returned no output '\(name)'") }
            guard value.rank <= Int(STRATA_MAX_RANK) else {
                throw CAPIError.internal("output '\(name)' has rank \(value.rank), above STRATA_MAX_RANK (\(STRATA_MAX_RANK))")
            }
            withUnsafeMutableBytes(of: &outputs[position].shape) { bytes in
                let shape = bytes.bindMemory(to: Int64.self)
                for axis in 0..<value.rank { shape[axis] = Int64(value.shape[axis]) }
            }
            outputs[position].rank = value.rank
            let capacity = UInt(bitPattern: outputs[position].capacity)
            if capacity < UInt(value.elementCount) {
                tooSmall.append("output '\(name)' \(value.shape) needs \(value.elementCount) floats, capacity is \(capacity)")
            } else if value.elementCount > 0, outputs[position].data == nil {
                throw CAPIError.nullPointer("outputs[\(position)].data is NULL for output '\(name)'")
            }
        }
        guard tooSmall.isEmpty else { throw CAPIError.bufferTooSmall(tooSmall.joined(separator: "; ")) }
        for (position, name) in requested.enumerated() {
            let value = values[name]!
            guard value.elementCount > 0, let data = outputs[position].data else { continue }
            value.withUnsafeBufferPointer { source in
                data.update(from: source.baseAddress!, count: source.count)
            }
        }
    }
}

/// One tensor per graph input from the C array: each input named once (a NULL name only for
/// a one-input model), ranks within STRATA_MAX_RANK, sizes whose product fits.
private func inputTensors(
    _ model: Model, _ inputs: UnsafePointer<strata_input>?, _ count: Int
) throws -> [String: Tensor] {
    let expected = model.inputs.map(\.name)
    let list = expected.map { "'\($0)'" }.joined(separator: ", ")
    guard count == expected.count else {
        throw CAPIError.invalidArgument(
            "n_inputs is \(UInt(bitPattern: count)); the model has \(expected.count) input\(expected.count == 1 ? "" : "s"): \(list)")
    }
    guard let inputs else { throw CAPIError.nullPointer("inputs is NULL") }
    var tensors: [String: Tensor] = [:]
    for position in 0..<count {
        let input = inputs[position]
        let name: String
        if let cName = input.name {
            name = String(cString: cName)
        } else if expected.count == 1 {
            name = expected[0]
        } else {
            throw CAPIError.nullPointer("inputs[\(position)].name is NULL; a model with several inputs needs each named: \(list)")
        }
        guard expected.contains(name) else {
            throw CAPIError.invalidArgument("inputs[\(position)] names '\(name)', which is not an input of the model; its inputs are \(list)")
        }
        guard tensors[name] == nil else { throw CAPIError.invalidArgument("input '\(name)' is given twice") }
        let rank = UInt(bitPattern: input.rank)
        guard rank <= UInt(STRATA_MAX_RANK) else {
            throw CAPIError.invalidArgument("input '\(name)' has rank \(rank); at most STRATA_MAX_RANK (\(STRATA_MAX_RANK))")
        }
        var dimensions: [Int] = []
        if rank > 0 {
            guard let shape = input.shape else { throw CAPIError.nullPointer("input '\(name)': shape is NULL with rank \(rank)") }
            dimensions = (0..<Int(rank)).map { Int(shape[$0]) }
        }
        var count = 1
        for size in dimensions {
            guard size >= 1 else {
                throw CAPIError.shape("input '\(name)' has shape \(dimensions); every dimension must be >= 1")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw CAPIError.shape("input '\(name)': the element count of \(dimensions) overflows") }
            count = product
        }
        // Checked before copying: the caller's buffer is trusted to hold `count` floats.
        try MemoryLimit.check(floats: count, "input '\(name)' \(dimensions)")
        guard let data = input.data else { throw CAPIError.nullPointer("input '\(name)': data is NULL") }
        tensors[name] = try Tensor(shape: dimensions, values: Array(UnsafeBufferPointer(start: data, count: count)))
    }
    return tensors
}

/// The graph output each `strata_output` asks for, in order.
private func outputNames(
    _ model: Model, _ outputs: UnsafeMutablePointer<strata_output>?, _ count: Int
) throws -> [String] {
    let names = model.outputNames
    let list = names.map { "'\($0)'" }.joined(separator: ", ")
    guard count >= 1, count <= names.count else {
        throw CAPIError.invalidArgument(
            "n_outputs is \(UInt(bitPattern: count)); expected 1 ... \(names.count) (the model's outputs: \(list))")
    }
    guard let outputs else { throw CAPIError.nullPointer("outputs is NULL") }
    var requested: [String] = []
    for position in 0..<count {
        let name = outputs[position].name.map { String(cString: $0) } ?? names[position]
        guard names.contains(name) else {
            throw CAPIError.invalidArgument("outputs[\(position)] names '\(name)', which is not an output of the model; its outputs are \(list)")
        }
        guard !requested.contains(name) else { throw CAPIError.invalidArgument("output '\(name)' is asked for twice") }
        requested.append(name)
    }
    return requested
}
